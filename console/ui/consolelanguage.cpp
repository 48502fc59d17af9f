// SPDX-License-Identifier: Apache-2.0
#include "console/ui/consolelanguage.h"

#include "console/ui/consolesettings.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace billing::ui::language {

QStringList available()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

QString chosen()
{
    const QString name = settings::language().get();
    return available().contains(name) ? name : QString();
}

void choose(const QString &name)
{
    settings::language().set(available().contains(name) ? name : QString());
}

QLocale effective()
{
    const QString name = chosen();
    return name.isEmpty() ? QLocale::system() : QLocale(name);
}

void install(QCoreApplication *app)
{
    const QLocale locale = effective();
    QLocale::setDefault(locale);
    const auto load = [app, &locale](const QString &name, const QString &folder) {
        auto *translator = new QTranslator(app);
        if (translator->load(locale, name, QStringLiteral("_"), folder))
            QCoreApplication::installTranslator(translator);
        else
            delete translator; // English, or a language without this translation: the source words
    };
    load(QStringLiteral("billing-console"), QStringLiteral(":/i18n"));
    load(QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
}

} // namespace billing::ui::language
