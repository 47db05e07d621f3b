#include "wording.h"

#include <QLocale>
#include <QStringList>

namespace grumble::ui {

QString indefiniteArticle(const QString &noun)
{
    const QString w = noun.trimmed().toLower();
    if (w.isEmpty())
        return QStringLiteral("a");
    // Vowel letters that sound like a consonant ("a user", "a one-off"), and a silent h ("an
    // hour").
    static const QStringList consonantSound = { QStringLiteral("uni"), QStringLiteral("use"),
                                                QStringLiteral("usu"), QStringLiteral("uti"),
                                                QStringLiteral("eu"),  QStringLiteral("one"),
                                                QStringLiteral("ure"), QStringLiteral("uu") };
    static const QStringList vowelSound = { QStringLiteral("hour"), QStringLiteral("honest"),
                                            QStringLiteral("honor"), QStringLiteral("heir") };
    for (const QString &p : vowelSound) {
        if (w.startsWith(p))
            return QStringLiteral("an");
    }
    for (const QString &p : consonantSound) {
        if (w.startsWith(p))
            return QStringLiteral("a");
    }
    return QStringLiteral("aeiou").contains(w.at(0)) ? QStringLiteral("an") : QStringLiteral("a");
}

QString withArticle(const QString &noun)
{
    return indefiniteArticle(noun) + QLatin1Char(' ') + noun;
}

QString countOf(qint64 n, const QString &singular, const QString &plural)
{
    return QLocale().toString(n) + QLatin1Char(' ') + (n == 1 ? singular : plural);
}

} // namespace grumble::ui
