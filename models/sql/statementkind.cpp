#include "statementkind.h"

#include <QRegularExpression>

namespace grumble {

namespace {

//! The first keyword of a statement, after blanks and opening parentheses.
QStringView firstWord(const QString &sql)
{
    qsizetype start = 0;
    while (start < sql.size() && (sql.at(start).isSpace() || sql.at(start) == QLatin1Char('(')))
        ++start;
    qsizetype end = start;
    while (end < sql.size() && sql.at(end).isLetter())
        ++end;
    return QStringView(sql).mid(start, end - start);
}

} // namespace

bool isReadStatement(const QString &sql)
{
    const QStringView word = firstWord(sql);
    if (word.compare(QLatin1String("SELECT"), Qt::CaseInsensitive) == 0)
        return true;
    if (word.compare(QLatin1String("WITH"), Qt::CaseInsensitive) != 0)
        return false;
    static const QRegularExpression writes(QStringLiteral("\\b(INSERT|UPDATE|DELETE|MERGE)\\b"),
                                           QRegularExpression::CaseInsensitiveOption);
    return !writes.match(sql).hasMatch();
}

bool isControlStatement(const QString &sql)
{
    return sql.startsWith(QLatin1String("BEGIN")) || sql.startsWith(QLatin1String("COMMIT"))
            || sql.startsWith(QLatin1String("ROLLBACK")) || sql.startsWith(QLatin1String("PRAGMA"))
            || sql.startsWith(QLatin1String("SET "));
}

} // namespace grumble
