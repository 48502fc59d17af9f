// SPDX-License-Identifier: Apache-2.0
// Any bytes as what a client sends on one connection to the platform's HTTP transport (Boost.Beast,
// the framing checks and limits around it, pipelining, the lingering close): each input goes through
// a real loopback socket to a transport whose routes echo a little of each request. The transport
// must answer or close, never crash, hang or read out of bounds.
#include "platform/http/httptransport.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace billing::http;

namespace {

quint16 startTransport()
{
    TransportLimits limits;
    limits.headerDeadline = std::chrono::seconds(2);
    limits.idleTimeout = std::chrono::seconds(2);
    limits.bodyDeadline = std::chrono::seconds(2);
    static HttpTransport transport(
        [](ApiRequest request, std::shared_ptr<Reply> reply) {
            ApiResponse answer;
            answer.body = request.method + ' ' + request.path.toUtf8().left(64) + ' ' + request.body.left(64);
            reply->send(answer, request.requestId);
        },
        [](QByteArrayView path) { return path.startsWith("/small") ? qint64(1024) : qint64(64 << 10); },
        limits);
    return transport.listen(QHostAddress::LocalHost, 0).value();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const quint16 port = startTransport();
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    // Each connection from a loopback address of its own, never reused within a run (16 million of
    // them: hours at thousands a second). Every exchange leaves a TIME_WAIT behind; from a few
    // addresses the ports would run out, and connect() would take over 4-tuples still in TIME_WAIT.
    static uint32_t next = 0;
    sockaddr_in from{};
    from.sin_family = AF_INET;
    from.sin_addr.s_addr = htonl((127u << 24) | (0x10000 + next++ % 0xFEFF00));
    ::bind(fd, reinterpret_cast<sockaddr *>(&from), sizeof from);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return 0;
    }
    for (size_t sent = 0; sent < size;) {
        const ssize_t n = ::send(fd, data + sent, size - sent, MSG_NOSIGNAL);
        if (n <= 0)
            break;
        sent += size_t(n);
    }
    ::shutdown(fd, SHUT_WR); // all it will send: the transport answers what it read, then closes
    char buffer[65536];
    size_t got = 0;
    static int nudged = 0;
    for (int quietSeconds = 0;;) {
        pollfd ready{fd, POLLIN, 0};
        if (::poll(&ready, 1, 1000) == 0) {
            // One poll() of 15 s on this machine's kernel (6.18) was seen, about once a minute, to miss
            // an exchange the transport had finished: its thread waiting in epoll, its accept queue
            // empty, no socket of its own left for the connection, while this client's socket took
            // in the answer and FIN only when the hang report touched it (getsockopt). So the client
            // polls a second at a time and touches its socket each quiet second; a hang is still 15
            // quiet seconds in a row, and a touch that lets an answer in is reported.
            tcp_info nudge{};
            socklen_t nudgeLength = sizeof nudge;
            ::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &nudge, &nudgeLength);
            if (::poll(&ready, 1, 0) > 0) {
                if (++nudged == 1)
                    fprintf(stderr, "note: an answer was let in by touching the client socket (said once)\n");
                quietSeconds = 0;
            }
        }
        // The longest a legitimate close takes is a deadline (2 s) and a lingering close (2 s) after it.
        if (ready.revents == 0 && ++quietSeconds < 15)
            continue;
        if (ready.revents == 0) {
            sockaddr_in local{};
            socklen_t length = sizeof local;
            ::getsockname(fd, reinterpret_cast<sockaddr *>(&local), &length);
            fprintf(stderr,
                    "hang on %s:%u after %zu bytes back; input (%zu bytes): ", inet_ntoa(local.sin_addr),
                    unsigned(ntohs(local.sin_port)), got, size);
            fwrite(data, 1, size, stderr);
            fprintf(stderr, "\n");
            tcp_info info{};
            socklen_t infoLength = sizeof info;
            ::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &infoLength);
            fprintf(stderr,
                    "client socket: state %u, retransmits %u, total retransmits %u, backoff %u, "
                    "unacked %u, last data sent %u ms ago, last data received %u ms ago\n",
                    unsigned(info.tcpi_state), unsigned(info.tcpi_retransmits), info.tcpi_total_retrans,
                    unsigned(info.tcpi_backoff), info.tcpi_unacked, info.tcpi_last_data_sent,
                    info.tcpi_last_data_recv);
            // The kernel's view of both ends of this connection: is it established, queued, closing?
            char command[160];
            snprintf(command, sizeof command, "ss -tanoeiH | grep -A1 '%s:%u' >&2", inet_ntoa(local.sin_addr),
                     unsigned(ntohs(local.sin_port)));
            if (::system(command) != 0)
                fprintf(stderr, "(ss shows no socket with that address)\n");
            // The listening socket's accept queue, and what each thread of this process waits in.
            snprintf(command, sizeof command, "ss -ltnH 'sport = :%u' >&2", unsigned(port));
            (void)::system(command);
            (void)::system("for t in /proc/$PPID/task/*; do echo \"thread $(cat $t/comm) $(cut -d' ' -f3 "
                           "$t/stat) wchan=$(cat $t/wchan) syscall=$(cut -d' ' -f1 $t/syscall)\"; done >&2");
            // Is the transport stalled as a whole, or only this connection?
            const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
            ::connect(probe, reinterpret_cast<sockaddr *>(&address), sizeof address);
            ::send(probe, "GET /p HTTP/1.1\r\nHost: x\r\n\r\n", 29, MSG_NOSIGNAL);
            pollfd answer{probe, POLLIN, 0};
            fprintf(stderr, "a new connection meanwhile: %s\n",
                    ::poll(&answer, 1, 3000) > 0 ? "answered" : "NOT answered");
            ::close(probe);
            __builtin_trap(); // the transport neither answered nor closed this connection: a hang
        }
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
            break;
        got += size_t(n);
    }
    // Closed with a reset: a million connections must not leave a million ports in TIME_WAIT.
    const linger reset{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    ::close(fd);
    return 0;
}
