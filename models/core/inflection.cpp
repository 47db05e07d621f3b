#include "inflection.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <vector>

// The rules of the npm package `inflection` 1.13.4, which Sequelize 6 calls for every model, table,
// alias and accessor name (Utils.pluralize/singularize/underscore), in the package's order: the
// first rule whose pattern matches decides; a rule without a replacement means "already in that
// form" and leaves the word as it is. The package's patterns are JavaScript regular expressions
// with the flags "gi" and no "u": they see ASCII letters case-insensitively and nothing else, `$`
// is the very end of the string, and a replacement keeps the matched letters' own case. Here the
// patterns run on a copy with only ASCII letters lowered (same length), and the replacement takes
// the groups from the original; `$` becomes `\z` (PCRE's `$` would also match before a final "\n").
// tests/tst_inflection.cpp compares every word of a dictionary with the package itself.

namespace grumble::inflection {
namespace {

struct Rule
{
    QRegularExpression pattern;
    QString replacement; //!< JavaScript replacement syntax ($1, $2); null: leave the word as it is
    //! The last (lowered) character of every word the pattern matches; null: any word may match.
    QString lastCharacters;
    //! The first character of every word a pattern anchored with ^ matches; null: any.
    QString firstCharacters;
    //! The pattern is just the end ("$"): the rule appends its replacement to every word.
    bool appends = false;

    //! lastCharacters and firstCharacters as bit sets of the letters a-z (bit 26: anything else).
    quint32 lastMask = ~0u;
    quint32 firstMask = ~0u;

    //! Whether the pattern may match a (lowered, non-empty) word with these ends; false decides.
    bool mayMatch(QChar first, QChar last) const { return (lastMask & bit(last)) && (firstMask & bit(first)); }

    //! The bit of one character in lastMask / firstMask.
    static quint32 bit(QChar c)
    {
        return c.unicode() >= 'a' && c.unicode() <= 'z' ? 1u << (c.unicode() - 'a') : 1u << 26;
    }
    //! The bit set of a set of characters; all bits (any word) for a null set.
    static quint32 mask(const QString &characters)
    {
        if (characters.isNull())
            return ~0u;
        quint32 bits = 0;
        for (QChar c : characters)
            bits |= bit(c) == 1u << 26 ? ~0u : bit(c);
        return bits;
    }
};

// The characters the alternatives of a group's body ("x|ch|ss|sh", "?:([^f])fe|([lr])f") end with;
// a null string when one alternative can end with anything.
QString groupLastCharacters(QStringView body);

// The characters a quantifier-free pattern's text ends with when it matches: a letter, a class
// [abc], or a group whose alternatives each end so. Null (unknown, any) for anything else: a
// negated class, a quantifier, an empty alternative, an escape.
QString lastCharacters(QStringView pattern)
{
    if (pattern.isEmpty())
        return {};
    const QChar last = pattern.back();
    if (last.isLetter())
        return pattern.size() >= 2 && pattern.at(pattern.size() - 2) == QLatin1Char('\\') ? QString() : QString(last);
    if (last == QLatin1Char(']')) {
        const qsizetype open = pattern.lastIndexOf(QLatin1Char('['));
        const QStringView members = pattern.mid(open + 1, pattern.size() - open - 2);
        if (open < 0 || members.isEmpty() || members.startsWith(QLatin1Char('^')) || members.contains(QLatin1Char('-'))
            || members.contains(QLatin1Char('\\')))
            return {};
        return members.toString();
    }
    if (last != QLatin1Char(')'))
        return {};
    int depth = 0;
    for (qsizetype i = pattern.size() - 1; i >= 0; --i) {
        depth += pattern.at(i) == QLatin1Char(')') ? 1 : (pattern.at(i) == QLatin1Char('(') ? -1 : 0);
        if (depth == 0)
            return groupLastCharacters(pattern.mid(i + 1, pattern.size() - i - 2));
    }
    return {};
}

QString groupLastCharacters(QStringView body)
{
    if (body.startsWith(QLatin1String("?:")))
        body = body.mid(2);
    else if (body.startsWith(QLatin1Char('?')))
        return {};
    QString characters;
    int depth = 0;
    qsizetype begin = 0;
    for (qsizetype i = 0; i <= body.size(); ++i) {
        if (i < body.size() && (body.at(i) == QLatin1Char('(') || body.at(i) == QLatin1Char('[')))
            ++depth;
        else if (i < body.size() && (body.at(i) == QLatin1Char(')') || body.at(i) == QLatin1Char(']')))
            --depth;
        if (i < body.size() && (depth > 0 || body.at(i) != QLatin1Char('|')))
            continue;
        const QString alternative = lastCharacters(body.mid(begin, i - begin));
        if (alternative.isNull())
            return {};
        characters += alternative;
        begin = i + 1;
    }
    return characters;
}

// The characters a pattern's text (after its "^") starts with when it matches: a letter, or a group
// whose alternatives each start with one. Null (any) for anything else.
QString firstCharacters(QStringView pattern)
{
    if (pattern.isEmpty())
        return {};
    if (pattern.front().isLetter())
        return QString(pattern.front());
    if (pattern.front() != QLatin1Char('('))
        return {};
    QString characters;
    int depth = 0;
    qsizetype begin = 1;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        if (c == QLatin1Char('(') || c == QLatin1Char('['))
            ++depth;
        else if (c == QLatin1Char(')') || c == QLatin1Char(']'))
            --depth;
        if ((depth == 1 && c == QLatin1Char('|')) || depth == 0) {
            const QString alternative = firstCharacters(pattern.mid(begin, i - begin));
            if (alternative.isNull())
                return {};
            characters += alternative;
            begin = i + 1;
        }
        if (depth == 0)
            return characters;
    }
    return {};
}

Rule rule(const char *pattern, const char *replacement = nullptr)
{
    QString source = QString::fromLatin1(pattern);
    Rule rule;
    rule.replacement = replacement ? QString::fromLatin1(replacement) : QString();
    if (source.startsWith(QLatin1Char('^')))
        rule.firstCharacters = firstCharacters(QStringView(source).mid(1));
    if (source.endsWith(QLatin1Char('$'))) {
        source.chop(1);
        rule.lastCharacters = lastCharacters(source);
        rule.appends = source.isEmpty() && !rule.replacement.isNull() && !rule.replacement.contains(QLatin1Char('$'));
        source += QStringLiteral("\\z");
    }
    rule.pattern = QRegularExpression(source);
    rule.lastMask = Rule::mask(rule.lastCharacters);
    rule.firstMask = Rule::mask(rule.firstCharacters);
    return rule;
}

// uncountable_words: left as they are by both directions.
const char *const kUncountableWords[] = {
    "accommodation", "adulthood", "advertising", "advice", "aggression", "aid", "air", "aircraft", "alcohol",
    "anger", "applause", "arithmetic", "assistance", "athletics", "bacon", "baggage", "beef", "biology", "blood",
    "botany", "bread", "butter", "carbon", "cardboard", "cash", "chalk", "chaos", "chess", "crossroads",
    "countryside", "dancing", "deer", "dignity", "dirt", "dust", "economics", "education", "electricity",
    "engineering", "enjoyment", "envy", "equipment", "ethics", "evidence", "evolution", "fame", "fiction",
    "flour", "flu", "food", "fuel", "fun", "furniture", "gallows", "garbage", "garlic", "genetics", "gold",
    "golf", "gossip", "gratitude", "grief", "guilt", "gymnastics", "happiness", "hardware", "harm", "hate",
    "hatred", "health", "heat", "help", "homework", "honesty", "honey", "hospitality", "housework", "humour",
    "hunger", "hydrogen", "ice", "importance", "inflation", "information", "innocence", "iron", "irony", "jam",
    "jewelry", "judo", "karate", "knowledge", "lack", "laughter", "lava", "leather", "leisure", "lightning",
    "linguine", "linguini", "linguistics", "literature", "litter", "livestock", "logic", "loneliness", "luck",
    "luggage", "macaroni", "machinery", "magic", "management", "mankind", "marble", "mathematics", "mayonnaise",
    "measles", "methane", "milk", "minus", "money", "mud", "music", "mumps", "nature", "news", "nitrogen",
    "nonsense", "nurture", "nutrition", "obedience", "obesity", "oxygen", "pasta", "patience", "physics",
    "poetry", "pollution", "poverty", "pride", "psychology", "publicity", "punctuation", "quartz", "racism",
    "relaxation", "reliability", "research", "respect", "revenge", "rice", "rubbish", "rum", "safety", "scenery",
    "seafood", "seaside", "series", "shame", "sheep", "shopping", "sleep", "smoke", "smoking", "snow", "soap",
    "software", "soil", "spaghetti", "species", "steam", "stuff", "stupidity", "sunshine", "symmetry", "tennis",
    "thirst", "thunder", "timber", "traffic", "transportation", "trust", "underwear", "unemployment", "unity",
    "validity", "veal", "vegetation", "vegetarianism", "vengeance", "violence", "vitality", "warmth", "wealth",
    "weather", "welfare", "wheat", "wildlife", "wisdom", "yoga", "zinc", "zoology"
};

const QSet<QString> &uncountableWords()
{
    static const QSet<QString> words = [] {
        QSet<QString> set;
        for (const char *word : kUncountableWords)
            set.insert(QString::fromLatin1(word));
        return set;
    }();
    return words;
}

// The package's regex.plural.* patterns.
namespace plural {
const char *const men = "^(m|wom)en$";
const char *const people = "(pe)ople$";
const char *const children = "(child)ren$";
const char *const tia = "([ti])a$";
const char *const analyses = "((a)naly|(b)a|(d)iagno|(p)arenthe|(p)rogno|(s)ynop|(t)he)ses$";
const char *const databases = "(database)s$";
const char *const drives = "(drive)s$";
const char *const hives = "(hi|ti)ves$";
const char *const curves = "(curve)s$";
const char *const lrves = "([lr])ves$";
const char *const aves = "([a])ves$";
const char *const foves = "([^fo])ves$";
const char *const movies = "(m)ovies$";
const char *const aeiouyies = "([^aeiouy]|qu)ies$";
const char *const series = "(s)eries$";
const char *const xes = "(x|ch|ss|sh)es$";
const char *const mice = "([m|l])ice$";
const char *const buses = "(bus)es$";
const char *const oes = "(o)es$";
const char *const shoes = "(shoe)s$";
const char *const crises = "(cris|ax|test)es$";
const char *const octopuses = "(octop|vir)uses$";
const char *const aliases = "(alias|canvas|status|campus)es$";
const char *const summonses = "^(summons|bonus)es$";
const char *const oxen = "^(ox)en";
const char *const matrices = "(matr)ices$";
const char *const vertices = "(vert|ind)ices$";
const char *const feet = "^feet$";
const char *const teeth = "^teeth$";
const char *const geese = "^geese$";
const char *const quizzes = "(quiz)zes$";
const char *const whereases = "^(whereas)es$";
const char *const criteria = "^(criteri)a$";
const char *const genera = "^genera$";
const char *const ss = "ss$";
const char *const s = "s$";
} // namespace plural

// The package's regex.singular.* patterns.
namespace singular {
const char *const man = "^(m|wom)an$";
const char *const person = "(pe)rson$";
const char *const child = "(child)$";
const char *const drive = "(drive)$";
const char *const ox = "^(ox)$";
const char *const axis = "(ax|test)is$";
const char *const octopus = "(octop|vir)us$";
const char *const alias = "(alias|status|canvas|campus)$";
const char *const summons = "^(summons|bonus)$";
const char *const bus = "(bu)s$";
const char *const buffalo = "(buffal|tomat|potat)o$";
const char *const tium = "([ti])um$";
const char *const sis = "sis$";
const char *const ffe = "(?:([^f])fe|([lr])f)$";
const char *const hive = "(hi|ti)ve$";
const char *const aeiouyy = "([^aeiouy]|qu)y$";
const char *const x = "(x|ch|ss|sh)$";
const char *const matrix = "(matr)ix$";
const char *const vertex = "(vert|ind)ex$";
const char *const mouse = "([m|l])ouse$";
const char *const foot = "^foot$";
const char *const tooth = "^tooth$";
const char *const goose = "^goose$";
const char *const quiz = "(quiz)$";
const char *const whereas = "^(whereas)$";
const char *const criterion = "^(criteri)on$";
const char *const genus = "^genus$";
const char *const s = "s$";
const char *const common = "$";
} // namespace singular

// plural_rules: first the plurals left as they are, then the singular patterns with their plural.
const std::vector<Rule> &pluralRules()
{
    using namespace singular;
    static const std::vector<Rule> rules = {
        rule(plural::men), rule(plural::people), rule(plural::children), rule(plural::tia),
        rule(plural::analyses), rule(plural::databases), rule(plural::drives), rule(plural::hives),
        rule(plural::curves), rule(plural::lrves), rule(plural::foves), rule(plural::aeiouyies),
        rule(plural::series), rule(plural::movies), rule(plural::xes), rule(plural::mice), rule(plural::buses),
        rule(plural::oes), rule(plural::shoes), rule(plural::crises), rule(plural::octopuses),
        rule(plural::aliases), rule(plural::summonses), rule(plural::oxen), rule(plural::matrices),
        rule(plural::feet), rule(plural::teeth), rule(plural::geese), rule(plural::quizzes),
        rule(plural::whereases), rule(plural::criteria), rule(plural::genera),
        rule(man, "$1en"), rule(person, "$1ople"), rule(child, "$1ren"), rule(drive, "$1s"), rule(ox, "$1en"),
        rule(axis, "$1es"), rule(octopus, "$1uses"), rule(alias, "$1es"), rule(summons, "$1es"),
        rule(bus, "$1ses"), rule(buffalo, "$1oes"), rule(tium, "$1a"), rule(sis, "ses"), rule(ffe, "$1$2ves"),
        rule(hive, "$1ves"), rule(aeiouyy, "$1ies"), rule(matrix, "$1ices"), rule(vertex, "$1ices"),
        rule(x, "$1es"), rule(mouse, "$1ice"), rule(foot, "feet"), rule(tooth, "teeth"), rule(goose, "geese"),
        rule(quiz, "$1zes"), rule(whereas, "$1es"), rule(criterion, "$1a"), rule(genus, "genera"),
        rule(s, "s"), rule(common, "s"),
    };
    return rules;
}

// singular_rules: first the singulars left as they are, then the plural patterns with their singular.
const std::vector<Rule> &singularRules()
{
    using namespace plural;
    static const std::vector<Rule> rules = {
        rule(singular::man), rule(singular::person), rule(singular::child), rule(singular::drive),
        rule(singular::ox), rule(singular::axis), rule(singular::octopus), rule(singular::alias),
        rule(singular::summons), rule(singular::bus), rule(singular::buffalo), rule(singular::tium),
        rule(singular::sis), rule(singular::ffe), rule(singular::hive), rule(singular::aeiouyy), rule(singular::x),
        rule(singular::matrix), rule(singular::mouse), rule(singular::foot), rule(singular::tooth),
        rule(singular::goose), rule(singular::quiz), rule(singular::whereas), rule(singular::criterion),
        rule(singular::genus),
        rule(men, "$1an"), rule(people, "$1rson"), rule(children, "$1"), rule(databases, "$1"), rule(drives, "$1"),
        rule(genera, "genus"), rule(criteria, "$1on"), rule(tia, "$1um"), rule(analyses, "$1$2sis"),
        rule(hives, "$1ve"), rule(curves, "$1"), rule(lrves, "$1f"), rule(aves, "$1ve"), rule(foves, "$1fe"),
        rule(movies, "$1ovie"), rule(aeiouyies, "$1y"), rule(series, "$1eries"), rule(xes, "$1"),
        rule(mice, "$1ouse"), rule(buses, "$1"), rule(oes, "$1"), rule(shoes, "$1"), rule(crises, "$1is"),
        rule(octopuses, "$1us"), rule(aliases, "$1"), rule(summonses, "$1"), rule(oxen, "$1"),
        rule(matrices, "$1ix"), rule(vertices, "$1ex"), rule(feet, "foot"), rule(teeth, "tooth"),
        rule(geese, "goose"), rule(quizzes, "$1"), rule(whereases, "$1"), rule(ss, "ss"), rule(s, ""),
    };
    return rules;
}

// The word with only its ASCII letters lowered: what a JavaScript "i" regex without "u" compares.
QString asciiLowered(const QString &word)
{
    QString lowered = word;
    for (QChar &c : lowered) {
        if (c.unicode() >= 'A' && c.unicode() <= 'Z')
            c = QChar(c.unicode() + ('a' - 'A'));
    }
    return lowered;
}

// A JavaScript replacement string ($1..$9; a group that took no part is empty) for one match.
QString expandReplacement(const QString &word, const QRegularExpressionMatch &match, const QString &replacement)
{
    QString out;
    for (int i = 0; i < replacement.size(); ++i) {
        const QChar c = replacement.at(i);
        if (c == QLatin1Char('$') && i + 1 < replacement.size() && replacement.at(i + 1).isDigit()) {
            const int group = replacement.at(++i).digitValue();
            if (match.capturedStart(group) >= 0)
                out += word.mid(match.capturedStart(group), match.capturedLength(group));
            continue;
        }
        out += c;
    }
    return out;
}

// inflector._apply_rules: uncountable words stay, else the first matching rule decides.
QString applyRules(const QString &word, const std::vector<Rule> &rules)
{
    const QString lowered = asciiLowered(word);
    // The uncountable words are ASCII: an ASCII word is one when its ASCII lowering is; any other
    // may lower to one with Unicode's mappings (the Kelvin sign to "k").
    const bool ascii = std::all_of(word.cbegin(), word.cend(), [](QChar c) { return c.unicode() < 0x80; });
    if (uncountableWords().contains(ascii ? lowered : word.toLower()))
        return word;
    // Most rules end in a letter ("(x|ch|ss|sh)$"): a word ending otherwise skips the regex.
    const QChar first = lowered.isEmpty() ? QChar() : lowered.front();
    const QChar last = lowered.isEmpty() ? QChar() : lowered.back();
    for (const Rule &rule : rules) {
        if (rule.appends)
            return word + rule.replacement;
        if (lowered.isEmpty() ? !rule.lastCharacters.isNull() || !rule.firstCharacters.isNull()
                              : !rule.mayMatch(first, last))
            continue;
        const QRegularExpressionMatch match = rule.pattern.match(lowered);
        if (!match.hasMatch())
            continue;
        if (rule.replacement.isNull())
            return word;
        return word.left(match.capturedStart()) + expandReplacement(word, match, rule.replacement)
                + word.mid(match.capturedEnd());
    }
    return word;
}

// JavaScript's \s (what String.prototype.trim removes and Sequelize's camelize joins on).
bool isJsSpace(QChar c)
{
    const char16_t u = c.unicode();
    return u == 0x09 || u == 0x0A || u == 0x0B || u == 0x0C || u == 0x0D || u == 0x20 || u == 0xA0
            || u == 0x1680 || (u >= 0x2000 && u <= 0x200A) || u == 0x2028 || u == 0x2029 || u == 0x202F
            || u == 0x205F || u == 0x3000 || u == 0xFEFF;
}

QString jsTrimmed(const QString &text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isJsSpace(text.at(begin)))
        ++begin;
    while (end > begin && isJsSpace(text.at(end - 1)))
        --end;
    return text.mid(begin, end - begin);
}

// JavaScript's toUpperCase of one UTF-16 code unit (a lone surrogate stays as it is; "ß" -> "SS").
QString jsUpper(QChar c)
{
    return c.isSurrogate() ? QString(c) : QString(c).toUpper();
}

} // namespace

QString pluralize(const QString &word)
{
    return applyRules(word, pluralRules());
}

QString singularize(const QString &word)
{
    return applyRules(word, singularRules());
}

QString upperFirst(const QString &word)
{
    if (word.isEmpty())
        return word;
    // lodash's upperFirst takes the first code point; JavaScript upper-cases it with full mappings.
    const qsizetype first = word.at(0).isHighSurrogate() && word.size() > 1 && word.at(1).isLowSurrogate() ? 2 : 1;
    return word.left(first).toUpper() + word.mid(first);
}

QString camelize(const QString &name)
{
    // str.trim().replace(/[-_\s]+(.)?/g, (match, c) => c.toUpperCase()); a trailing run (where
    // Sequelize throws on the missing character) is dropped.
    const QString trimmed = jsTrimmed(name);
    QString out;
    out.reserve(trimmed.size());
    for (qsizetype i = 0; i < trimmed.size(); ++i) {
        const QChar c = trimmed.at(i);
        if (c != QLatin1Char('-') && c != QLatin1Char('_') && !isJsSpace(c)) {
            out += c;
            continue;
        }
        while (i + 1 < trimmed.size()
               && (trimmed.at(i + 1) == QLatin1Char('-') || trimmed.at(i + 1) == QLatin1Char('_')
                   || isJsSpace(trimmed.at(i + 1))))
            ++i;
        if (i + 1 < trimmed.size())
            out += jsUpper(trimmed.at(++i));
    }
    return out;
}

QString underscore(const QString &name)
{
    // inflection.underscore: each ASCII capital gets a "_" before it, one leading "_" goes, "::"
    // becomes "/", and the whole is lowered.
    const QStringList parts = name.split(QStringLiteral("::"));
    QStringList out;
    out.reserve(parts.size());
    for (const QString &part : parts) {
        QString marked;
        marked.reserve(part.size() + 4);
        for (QChar c : part) {
            if (c.unicode() >= 'A' && c.unicode() <= 'Z')
                marked += QLatin1Char('_');
            marked += c;
        }
        if (marked.startsWith(QLatin1Char('_')))
            marked.remove(0, 1);
        out += marked;
    }
    return out.join(QLatin1Char('/')).toLower();
}

} // namespace grumble::inflection
