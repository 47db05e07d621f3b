#include "inflection.h"

#include <QHash>
#include <QRegularExpression>

#include <utility>
#include <vector>

namespace grumble::inflection {
namespace {

struct Rule
{
    QRegularExpression re;
    QString replacement;
};

// The word lists follow the rules of the `inflection` package Sequelize uses.
const QStringList &uncountables()
{
    static const QStringList words = {
        QStringLiteral("equipment"), QStringLiteral("information"), QStringLiteral("rice"),
        QStringLiteral("money"),     QStringLiteral("species"),     QStringLiteral("series"),
        QStringLiteral("fish"),      QStringLiteral("sheep"),       QStringLiteral("moose"),
        QStringLiteral("deer"),      QStringLiteral("news"),        QStringLiteral("data"),
        QStringLiteral("metadata"),  QStringLiteral("police"),      QStringLiteral("jeans"),
    };
    return words;
}

const std::vector<std::pair<QString, QString>> &irregulars()
{
    static const std::vector<std::pair<QString, QString>> pairs = {
        { QStringLiteral("person"), QStringLiteral("people") },
        { QStringLiteral("man"), QStringLiteral("men") },
        { QStringLiteral("woman"), QStringLiteral("women") },
        { QStringLiteral("child"), QStringLiteral("children") },
        { QStringLiteral("sex"), QStringLiteral("sexes") },
        { QStringLiteral("move"), QStringLiteral("moves") },
        { QStringLiteral("ox"), QStringLiteral("oxen") },
        { QStringLiteral("foot"), QStringLiteral("feet") },
        { QStringLiteral("tooth"), QStringLiteral("teeth") },
        { QStringLiteral("goose"), QStringLiteral("geese") },
        { QStringLiteral("mouse"), QStringLiteral("mice") },
        { QStringLiteral("louse"), QStringLiteral("lice") },
        { QStringLiteral("quiz"), QStringLiteral("quizzes") },
    };
    return pairs;
}

Rule rule(const char *re, const char *rep)
{
    return { QRegularExpression(QString::fromLatin1(re), QRegularExpression::CaseInsensitiveOption),
             QString::fromLatin1(rep) };
}

// Checked in order; the first matching rule applies.
const std::vector<Rule> &pluralRules()
{
    static const std::vector<Rule> rules = {
        rule("(quiz)$", "\\1zes"),
        rule("^(ox)$", "\\1en"),
        rule("([ml])ouse$", "\\1ice"),
        rule("(matr|vert|ind)(ix|ex)$", "\\1ices"),
        rule("(x|ch|ss|sh)$", "\\1es"),
        rule("([^aeiouy]|qu)y$", "\\1ies"),
        rule("(hive)$", "\\1s"),
        rule("(?:([^f])fe|([lr])f)$", "\\1\\2ves"),
        rule("sis$", "ses"),
        rule("([ti])a$", "\\1a"),
        rule("([ti])um$", "\\1a"),
        rule("(buffal|tomat|potat|ech|her|vet)o$", "\\1oes"),
        rule("(bu)s$", "\\1ses"),
        rule("(alias|status)$", "\\1es"),
        rule("(octop|vir)i$", "\\1i"),
        rule("(octop|vir)us$", "\\1i"),
        rule("(ax|test)is$", "\\1es"),
        rule("s$", "s"),
        rule("$", "s"),
    };
    return rules;
}

const std::vector<Rule> &singularRules()
{
    static const std::vector<Rule> rules = {
        rule("(database)s$", "\\1"),
        rule("(quiz)zes$", "\\1"),
        rule("(matr)ices$", "\\1ix"),
        rule("(vert|ind)ices$", "\\1ex"),
        rule("^(ox)en", "\\1"),
        rule("(alias|status)(es)?$", "\\1"),
        rule("(octop|vir)(us|i)$", "\\1us"),
        rule("^(a)x[ie]s$", "\\1xis"),
        rule("(cris|test)(is|es)$", "\\1is"),
        rule("(shoe)s$", "\\1"),
        rule("(o)es$", "\\1"),
        rule("(bus)(es)?$", "\\1"),
        rule("([ml])ice$", "\\1ouse"),
        rule("(x|ch|ss|sh)es$", "\\1"),
        rule("(m)ovies$", "\\1ovie"),
        rule("(s)eries$", "\\1eries"),
        rule("([^aeiouy]|qu)ies$", "\\1y"),
        rule("([lr])ves$", "\\1f"),
        rule("(tive)s$", "\\1"),
        rule("(hive)s$", "\\1"),
        rule("([^f])ves$", "\\1fe"),
        rule("(^analy)(sis|ses)$", "\\1sis"),
        rule("((a)naly|(b)a|(d)iagno|(p)arenthe|(p)rogno|(s)ynop|(t)he)(sis|ses)$", "\\1sis"),
        rule("([ti])a$", "\\1um"),
        rule("(n)ews$", "\\1ews"),
        rule("(ss)$", "\\1"),
        rule("s$", ""),
    };
    return rules;
}

QString applyRules(const QString &word, const std::vector<Rule> &rules)
{
    for (const Rule &rule : rules) {
        const QRegularExpressionMatch match = rule.re.match(word);
        if (!match.hasMatch())
            continue;
        QString replacement = rule.replacement;
        for (int group = 9; group >= 1; --group)
            replacement.replace(QLatin1Char('\\') + QString::number(group), match.captured(group));
        return word.left(match.capturedStart()) + replacement + word.mid(match.capturedEnd());
    }
    return word;
}

// Keeps the case of the first letter of the original.
QString matchCase(const QString &original, const QString &lowerResult)
{
    if (!original.isEmpty() && original.at(0).isUpper())
        return upperFirst(lowerResult);
    return lowerResult;
}

QString inflect(const QString &word, bool plural)
{
    if (word.isEmpty())
        return word;
    // Inflect only the last word of a camelCase or snake_case name: "pugFriend" -> "pugFriends".
    int split = word.size() - 1;
    while (split > 0 && !word.at(split).isUpper() && word.at(split - 1) != QLatin1Char('_'))
        --split;
    const QString head = word.left(split);
    const QString tail = word.mid(split);
    const QString lower = tail.toLower();
    if (uncountables().contains(lower))
        return word;
    for (const auto &[one, many] : irregulars()) {
        if (lower == (plural ? one : many))
            return head + matchCase(tail, plural ? many : one);
        if (lower == (plural ? many : one))
            return word;
    }
    return head + applyRules(tail, plural ? pluralRules() : singularRules());
}

} // namespace

QString pluralize(const QString &word)
{
    return inflect(word, true);
}

QString singularize(const QString &word)
{
    return inflect(word, false);
}

QString upperFirst(const QString &word)
{
    if (word.isEmpty())
        return word;
    return word.at(0).toUpper() + word.mid(1);
}

QString camelize(const QString &name)
{
    QString out;
    out.reserve(name.size());
    bool up = false;
    for (QChar c : name) {
        if (c == QLatin1Char('_') || c == QLatin1Char(' ') || c == QLatin1Char('-')) {
            up = !out.isEmpty();
            continue;
        }
        out += up ? c.toUpper() : c;
        up = false;
    }
    return out;
}

QString underscore(const QString &name)
{
    QString out;
    out.reserve(name.size() + 4);
    for (int i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        if (c.isUpper() && i > 0 && !name.at(i - 1).isUpper() && name.at(i - 1) != QLatin1Char('_'))
            out += QLatin1Char('_');
        out += c.toLower();
    }
    return out;
}

} // namespace grumble::inflection
