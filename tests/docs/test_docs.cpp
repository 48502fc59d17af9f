// SPDX-License-Identifier: Apache-2.0
// The repository's own design documents stay true: every test docs/billing-rules.md names exists,
// every rule has a test at the domain layer, and no file cites a document the repository lacks.
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QSet>

#include <gtest/gtest.h>

namespace {

QString read(const QString &path)
{
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << path.toStdString();
    return QString::fromUtf8(file.readAll());
}

QString source(const QString &relative)
{
    return QStringLiteral(BILLING_SOURCE_DIR "/") + relative;
}

// "Suite.Name" of every TEST, TEST_F and TEST_P under tests/.
QSet<QString> definedTests()
{
    static const QRegularExpression test(QStringLiteral(R"(^TEST(?:_F|_P)?\((\w+),\s*(\w+)\))"),
                                         QRegularExpression::MultilineOption);
    QSet<QString> names;
    QDirIterator files(source("tests"), {"*.cpp"}, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        auto matches = test.globalMatch(read(files.next()));
        while (matches.hasNext()) {
            const auto match = matches.next();
            names.insert(match.captured(1) + QLatin1Char('.') + match.captured(2));
        }
    }
    return names;
}

} // namespace

TEST(Docs, EveryTestTheBillingRulesNameExistsAndEveryRuleHasADomainTest)
{
    const QString rules = read(source("docs/billing-rules.md"));
    const QSet<QString> defined = definedTests();
    ASSERT_GT(defined.size(), 100);
    static const QRegularExpression cited(QStringLiteral("`([A-Z]\\w+\\.\\w+)`"));
    static const QRegularExpression heading(QStringLiteral("^## (\\d+)\\. "),
                                            QRegularExpression::MultilineOption);
    // Each numbered section, with the tests it cites.
    auto sections = heading.globalMatch(rules);
    int expected = 1;
    QList<qsizetype> starts;
    while (sections.hasNext()) {
        const auto section = sections.next();
        EXPECT_EQ(section.captured(1).toInt(), expected++) << "rules are numbered 1, 2, 3, …";
        starts.append(section.capturedStart());
    }
    EXPECT_EQ(starts.size(), 11);
    starts.append(rules.size());
    for (int rule = 0; rule + 1 < starts.size(); ++rule) {
        const QString text = rules.mid(starts[rule], starts[rule + 1] - starts[rule]);
        bool atDomainLayer = false;
        auto names = cited.globalMatch(text);
        while (names.hasNext()) {
            const QString name = names.next().captured(1);
            EXPECT_TRUE(defined.contains(name))
                << "rule " << rule + 1 << " cites " << name.toStdString() << ", which no test defines";
            atDomainLayer |= name.startsWith(QLatin1String("BillingRules.")) ||
                             name.startsWith(QLatin1String("DomainChanges."));
        }
        EXPECT_TRUE(atDomainLayer) << "rule " << rule + 1 << " has no test at the domain layer";
    }
}

TEST(Docs, NoFileCitesADocumentOutsideTheRepository)
{
    // The specification the project began from is not part of it; its own docs/ say what it needs.
    static const QRegularExpression outside(
        QStringLiteral(R"(PRODUCT\.md|ARCHITECTURE\.md|\bseeds?\s+0\d\d|shared/seeds)"));
    QStringList offenders;
    for (const QString &folder :
         {"foundation", "platform", "console", "app", "tests", "bench", "docs", "packaging", "resources"}) {
        QDirIterator files(source(folder), QDir::Files, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString path = files.next();
            if (path.endsWith(QLatin1String(".png")) || path.endsWith(QLatin1String("test_docs.cpp")))
                continue;
            if (outside.match(read(path)).hasMatch())
                offenders.append(path.mid(qsizetype(sizeof(BILLING_SOURCE_DIR))));
        }
    }
    for (const QString &path : {"README.md", "CONTRIBUTING.md", "BENCHMARKS.md", "CMakeLists.txt"}) {
        if (outside.match(read(source(path))).hasMatch())
            offenders.append(path);
    }
    EXPECT_TRUE(offenders.isEmpty()) << offenders.join(", ").toStdString();
}

TEST(Docs, EverySourceFileSaysItsLicence)
{
    QStringList unlabelled;
    for (const QString &folder :
         {"foundation", "platform", "console", "app", "tests", "bench", "packaging"}) {
        QDirIterator files(source(folder), {"*.cpp", "*.h", "*.ui", "*.sh", "CMakeLists.txt"}, QDir::Files,
                           QDirIterator::Subdirectories);
        while (files.hasNext()) {
            const QString path = files.next();
            if (!read(path).left(200).contains(QLatin1String("SPDX-License-Identifier: Apache-2.0")))
                unlabelled.append(path.mid(qsizetype(sizeof(BILLING_SOURCE_DIR))));
        }
    }
    EXPECT_TRUE(unlabelled.isEmpty()) << unlabelled.join(", ").toStdString();
    EXPECT_TRUE(read(source("LICENSE")).contains(QLatin1String("Apache License")));
}
