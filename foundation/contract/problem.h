// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QString>

namespace billing::contract {

// Stable error codes of the platform API (resources/openapi.json); the console and tests match on these,
// never on text.
namespace ErrorCode {
inline constexpr auto InvalidRequest = "invalid_request";
inline constexpr auto Unauthorized = "unauthorized";
inline constexpr auto Forbidden = "forbidden";
inline constexpr auto NotFound = "not_found";
inline constexpr auto VersionConflict = "version_conflict";
inline constexpr auto PayloadTooLarge = "payload_too_large";
inline constexpr auto Internal = "internal_error";
inline constexpr auto StorageUnavailable = "storage_unavailable";
// The database gave way to a concurrent transaction (serialization failure, deadlock) more times than the
// platform retries: nothing was changed, and the same request may be sent again (Retry-After).
inline constexpr auto StorageBusy = "storage_busy";
// Client-side codes: the request never got a platform answer.
inline constexpr auto NetworkError = "network_error";
inline constexpr auto Timeout = "timeout";
inline constexpr auto BadResponse = "bad_response";
} // namespace ErrorCode

// An RFC 9457 problem: the one shape every error takes, on the wire and inside both programs.
struct Problem {
    // Where it arose. Only a platform's problem carries an HTTP status; the other two have none (0).
    enum class Origin {
        Platform, // the platform answered it (or, inside the platform, will)
        Network,  // no answer came: unreachable, timed out, cut off, an unproven certificate. A change
                  // may or may not have been applied; a retry under its idempotency key is safe.
        Local,    // this computer: a file that could not be written, the keychain, the command line
    };

    int status = 500;
    QString code;
    QString title;
    QString detail;
    QJsonObject extra; // e.g. "parameter" for invalid_request, "current" for version_conflict
    Origin origin = Origin::Platform;

    static Problem invalidRequest(const QString &parameter, const QString &detail);
    static Problem notFound(const QString &what, const QString &id);
    static Problem unauthorized(const QString &detail);
    static Problem internal(const QString &detail);
    static Problem network(const QString &code, const QString &title, const QString &detail);
    static Problem local(const QString &code, const QString &title, const QString &detail);

    bool isNetworkFailure() const { return origin == Origin::Network; }
    // No answer, or the platform could not serve it (5xx): it is away, not refusing.
    bool isPlatformAway() const { return isNetworkFailure() || status >= 500; }
    bool isLocalFailure() const { return origin == Origin::Local; }

    QJsonObject toJson() const;
    static Problem fromJson(int status, const QJsonObject &json);

    // One line for a status bar or stderr: the detail when there is one, else the title.
    QString message() const { return detail.isEmpty() ? title : detail; }
};

} // namespace billing::contract
