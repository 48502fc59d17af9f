// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>
#include <QTextStream>

#include <algorithm>

namespace billing::bench {

// Order statistics of a sample of timings in milliseconds.
struct Stats {
    double p50 = 0, p95 = 0, max = 0;
    int count = 0;

    static Stats of(QList<double> samples)
    {
        Stats s;
        s.count = int(samples.size());
        if (samples.isEmpty())
            return s;
        std::sort(samples.begin(), samples.end());
        const auto at = [&](double q) {
            return samples.at(
                std::min<qsizetype>(samples.size() - 1, qsizetype(q * (samples.size() - 1) + 0.5)));
        };
        s.p50 = at(0.5);
        s.p95 = at(0.95);
        s.max = samples.last();
        return s;
    }
    QString row(const QString &label) const
    {
        return QStringLiteral("| %1 | %2 | %3 | %4 | %5 |")
            .arg(label)
            .arg(count)
            .arg(p50, 0, 'f', 1)
            .arg(p95, 0, 'f', 1)
            .arg(max, 0, 'f', 1);
    }
};

// Whether the program was given at least `needed` arguments and no option (these programs take none:
// `--help` would otherwise be a database file made in the current folder); if not, says how to call it
// (`usage`) on stderr, and the program exits with status 2.
inline bool hasArguments(int argc, char *argv[], int needed, const char *usage)
{
    const bool option = argc > 1 && argv[1][0] == '-';
    if (argc > needed && !option)
        return true;
    QTextStream(stderr) << "usage: " << usage << '\n';
    return false;
}

// A database as the platform takes it: sqlite:PATH, postgresql://…, or a bare path (SQLite).
inline QString databaseSpec(const char *argument)
{
    const QString given = QString::fromLocal8Bit(argument);
    return given.startsWith(QLatin1String("sqlite:")) || given.startsWith(QLatin1String("postgresql://"))
               ? given
               : QStringLiteral("sqlite:") + given;
}

inline long rssKiB(const char *field = "VmRSS:")
{
    FILE *status = fopen("/proc/self/status", "r");
    if (!status)
        return -1;
    char line[256];
    long value = -1;
    while (fgets(line, sizeof line, status)) {
        if (strncmp(line, field, strlen(field)) == 0)
            value = atol(line + strlen(field));
    }
    fclose(status);
    return value;
}

} // namespace billing::bench
