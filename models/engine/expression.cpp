#include "expression.h"

#include <QSet>

namespace grumble {

namespace {

//! A `Model#pk` reference inside an argument list, before it is resolved.
struct RecordRef
{
    QString model;
    QVariant pk;
    int column = 0;
};

} // namespace
} // namespace grumble

Q_DECLARE_METATYPE(grumble::RecordRef)

namespace grumble {

namespace {

//! Reads one `grumble eval` expression left to right; errors name the 1-based column.
class Parser
{
public:
    explicit Parser(const QString &text) : m_text(text) { }

    //! A Syntax error at the current column.
    Error error(const QString &what) const
    {
        return makeError(ErrorKind::Syntax, QStringLiteral("column %1: %2").arg(m_pos + 1).arg(what));
    }

    //! Skips white space.
    void skip()
    {
        while (m_pos < m_text.size() && m_text.at(m_pos).isSpace())
            ++m_pos;
    }
    bool atEnd()
    {
        skip();
        return m_pos >= m_text.size();
    }
    //! Whether the next non-space character is `expected`.
    bool peek(QChar expected)
    {
        skip();
        return m_pos < m_text.size() && m_text.at(m_pos) == expected;
    }
    //! Consumes `expected` if it comes next.
    bool eat(QChar expected)
    {
        if (!peek(expected))
            return false;
        ++m_pos;
        return true;
    }
    //! Consumes `expected` or fails naming what came instead.
    Result<void> expect(QChar expected, const QString &context)
    {
        if (eat(expected))
            return {};
        return error(QStringLiteral("expected '%1' %2, found %3").arg(expected).arg(context, found()));
    }
    //! What comes next, quoted (12 characters at most), for error messages.
    QString found()
    {
        skip();
        if (m_pos >= m_text.size())
            return QStringLiteral("the end of the line");
        return QLatin1Char('\'') + m_text.mid(m_pos, 12) + QLatin1Char('\'');
    }
    //! Letters, digits, '_' and '$', not starting with a digit (empty when none).
    QString identifier()
    {
        skip();
        const int start = m_pos;
        while (m_pos < m_text.size() && (m_text.at(m_pos).isLetterOrNumber() || m_text.at(m_pos) == QLatin1Char('_') || m_text.at(m_pos) == QLatin1Char('$'))) {
            if (m_pos == start && m_text.at(m_pos).isDigit())
                break;
            ++m_pos;
        }
        return m_text.mid(start, m_pos - start);
    }

    //! A name: an identifier, or any text in backticks (`my model`, a backtick doubled inside:
    //! `a``b` is a`b), for names the identifier form cannot write. Empty when there is none.
    Result<QString> name()
    {
        skip();
        if (m_pos >= m_text.size() || m_text.at(m_pos) != QLatin1Char('`'))
            return identifier();
        const int start = m_pos++;
        QString out;
        for (; m_pos < m_text.size(); ++m_pos) {
            if (m_text.at(m_pos) != QLatin1Char('`')) {
                out += m_text.at(m_pos);
            } else if (m_pos + 1 < m_text.size() && m_text.at(m_pos + 1) == QLatin1Char('`')) {
                out += QLatin1Char('`');
                ++m_pos;
            } else {
                ++m_pos;
                if (!out.isEmpty())
                    return out;
                m_pos = start;
                return error(QStringLiteral("empty name in backticks"));
            }
        }
        m_pos = start;
        return error(QStringLiteral("unterminated name in backticks (a backtick inside is written ``)"));
    }
    //! Fails when the character right after a name cannot follow one (a name stops there, so
    //! "Pu\uFFFDg" is not taken for the model "Pu").
    Result<void> checkNameEnd(const QString &name, const QString &followers)
    {
        if (m_pos >= m_text.size() || m_text.at(m_pos).isSpace() || followers.contains(m_text.at(m_pos)))
            return {};
        const QChar next = m_text.at(m_pos);
        return error(QStringLiteral("unexpected character %1 after '%2' (write a name with other characters in "
                                    "backticks, like `my model`)")
                             .arg(describeCharacter(next), name));
    }
    //! 'x' (U+0078) for messages.
    static QString describeCharacter(QChar character)
    {
        return QStringLiteral("'%1' (U+%2)")
                .arg(character)
                .arg(QString::number(character.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')));
    }

    //! An integer (qint64) or a floating-point number.
    Result<QVariant> number()
    {
        skip();
        const int start = m_pos;
        if (m_pos < m_text.size() && (m_text.at(m_pos) == QLatin1Char('-') || m_text.at(m_pos) == QLatin1Char('+')))
            ++m_pos;
        bool isFloat = false;
        while (m_pos < m_text.size()) {
            const QChar current = m_text.at(m_pos);
            if (current.isDigit()) {
                ++m_pos;
            } else if ((current == QLatin1Char('.') && m_pos + 1 < m_text.size() && m_text.at(m_pos + 1).isDigit())
                       || ((current == QLatin1Char('e') || current == QLatin1Char('E')) && m_pos + 1 < m_text.size()
                           && (m_text.at(m_pos + 1).isDigit() || m_text.at(m_pos + 1) == QLatin1Char('-') || m_text.at(m_pos + 1) == QLatin1Char('+')))
                       || ((current == QLatin1Char('-') || current == QLatin1Char('+')) && isFloat
                           && (m_text.at(m_pos - 1) == QLatin1Char('e') || m_text.at(m_pos - 1) == QLatin1Char('E')))) {
                isFloat = true;
                ++m_pos;
            } else {
                break;
            }
        }
        const QString text = m_text.mid(start, m_pos - start);
        bool ok = false;
        if (!isFloat) {
            const qint64 integer = text.toLongLong(&ok);
            if (ok)
                return QVariant(integer);
        }
        const double real = text.toDouble(&ok);
        if (!ok) {
            m_pos = start;
            return error(QStringLiteral("malformed number %1").arg(found()));
        }
        return QVariant(real);
    }

    //! A string in double or single quotes with JSON escapes, at its opening quote.
    Result<QString> string()
    {
        skip();
        const QChar quote = m_text.at(m_pos);
        const int start = m_pos;
        ++m_pos;
        QString out;
        while (m_pos < m_text.size() && m_text.at(m_pos) != quote) {
            const QChar character = m_text.at(m_pos++);
            if (character != QLatin1Char('\\')) {
                out += character;
                continue;
            }
            if (m_pos >= m_text.size())
                break;
            GRUMBLE_TRY(escape(&out));
        }
        if (m_pos >= m_text.size()) {
            m_pos = start;
            return error(QStringLiteral("unterminated string"));
        }
        ++m_pos;
        return out;
    }

    //! The primary key after '#': a string or a number.
    Result<QVariant> pkLiteral()
    {
        skip();
        if (m_pos < m_text.size() && (m_text.at(m_pos) == QLatin1Char('"') || m_text.at(m_pos) == QLatin1Char('\'')))
            return stringValue();
        if (m_pos < m_text.size() && (m_text.at(m_pos).isDigit() || m_text.at(m_pos) == QLatin1Char('-')))
            return number();
        return error(QStringLiteral("expected a primary key after '#', found %1").arg(found()));
    }

    //! A JSON value, or a record reference like Owner#1.
    Result<QVariant> value(int depth = 0)
    {
        if (depth > 64)
            return error(QStringLiteral("nested too deeply"));
        skip();
        if (m_pos >= m_text.size())
            return error(QStringLiteral("expected a value, found the end of the line"));
        const QChar first = m_text.at(m_pos);
        if (first == QLatin1Char('{'))
            return object(depth);
        if (first == QLatin1Char('['))
            return array(depth);
        if (first == QLatin1Char('"') || first == QLatin1Char('\''))
            return stringValue();
        if (first.isDigit() || first == QLatin1Char('-') || first == QLatin1Char('+'))
            return number();
        return word();
    }

private:
    // The character after a backslash (at m_pos), appended to *out unescaped.
    Result<void> escape(QString *out)
    {
        const QChar escaped = m_text.at(m_pos++);
        switch (escaped.unicode()) {
        case 'n': *out += QLatin1Char('\n'); break;
        case 't': *out += QLatin1Char('\t'); break;
        case 'r': *out += QLatin1Char('\r'); break;
        case 'b': *out += QLatin1Char('\b'); break;
        case 'f': *out += QLatin1Char('\f'); break;
        case 'u': {
            bool ok = false;
            const ushort code = m_text.mid(m_pos, 4).toUShort(&ok, 16);
            if (!ok)
                return error(QStringLiteral("malformed \\u escape"));
            *out += QChar(code);
            m_pos += 4;
            break;
        }
        default: *out += escaped;
        }
        return {};
    }

    Result<QVariant> stringValue()
    {
        auto text = string();
        if (!text)
            return text.error();
        return QVariant(*text);
    }

    // An object key: a quoted string or an identifier.
    Result<QString> key()
    {
        if (peek(QLatin1Char('"')) || peek(QLatin1Char('\'')))
            return string();
        const QString name = identifier();
        if (name.isEmpty())
            return error(QStringLiteral("expected a key (a quoted string), found %1").arg(found()));
        return name;
    }

    // {key: value, ...}, at its '{'.
    Result<QVariant> object(int depth)
    {
        ++m_pos;
        QVariantMap map;
        if (eat(QLatin1Char('}')))
            return QVariant(map);
        for (;;) {
            skip();
            auto name = key();
            if (!name)
                return name.error();
            GRUMBLE_TRY(expect(QLatin1Char(':'), QStringLiteral("after the key \"%1\"").arg(*name)));
            auto member = value(depth + 1);
            if (!member)
                return member.error();
            map.insert(*name, *member);
            if (eat(QLatin1Char('}')))
                return QVariant(map);
            GRUMBLE_TRY(expect(QLatin1Char(','), QStringLiteral("or '}' in the object")));
        }
    }

    // [value, ...], at its '['.
    Result<QVariant> array(int depth)
    {
        ++m_pos;
        QVariantList list;
        if (eat(QLatin1Char(']')))
            return QVariant(list);
        for (;;) {
            auto element = value(depth + 1);
            if (!element)
                return element.error();
            list << *element;
            if (eat(QLatin1Char(']')))
                return QVariant(list);
            GRUMBLE_TRY(expect(QLatin1Char(','), QStringLiteral("or ']' in the array")));
        }
    }

    // null, undefined, true, false or Model#pk (the model's name may be in backticks).
    Result<QVariant> word()
    {
        const int start = m_pos;
        const bool quoted = m_text.at(m_pos) == QLatin1Char('`');
        auto quotedName = this->name();
        if (!quotedName)
            return quotedName.error();
        const QString name = *quotedName;
        if (quoted) {
            if (!eat(QLatin1Char('#')))
                return error(QStringLiteral("expected '#' and a primary key after the model `%1`").arg(name));
            auto pk = pkLiteral();
            if (!pk)
                return pk.error();
            return QVariant::fromValue(RecordRef { name, *pk, start + 1 });
        }
        if (name == QLatin1String("null") || name == QLatin1String("undefined"))
            return QVariant();
        if (name == QLatin1String("true"))
            return QVariant(true);
        if (name == QLatin1String("false"))
            return QVariant(false);
        if (!name.isEmpty() && eat(QLatin1Char('#'))) {
            auto pk = pkLiteral();
            if (!pk)
                return pk.error();
            return QVariant::fromValue(RecordRef { name, *pk, start + 1 });
        }
        m_pos = start;
        if (!name.isEmpty())
            return error(QStringLiteral("unexpected '%1': a value is JSON (strings in double quotes), a number, "
                                        "true, false, null, or a record reference like Owner#1").arg(name));
        return error(QStringLiteral("unexpected %1").arg(found()));
    }

    QString m_text;
    int m_pos = 0;
};

bool isRecordRef(const QVariant &value)
{
    return value.metaType().id() == qMetaTypeId<RecordRef>();
}

//! A parsed `Model.method(arguments)` or `Model#pk.method(arguments)`.
struct Call
{
    const Model *model = nullptr;
    bool onInstance = false; //!< Model#pk.method
    QVariant instancePk;
    QString method;
    QVariantList arguments;
};

// `Model` or `Model#pk`, then the '.'.
Result<void> parseTarget(Parser &parser, const Schema &schema, Call *call)
{
    auto name = parser.name();
    if (!name)
        return name.error();
    const QString modelName = *name;
    if (modelName.isEmpty())
        return parser.error(QStringLiteral("expected a model name like Pug or Pug#1, found %1").arg(parser.found()));
    GRUMBLE_TRY(parser.checkNameEnd(modelName, QStringLiteral(".#")));
    auto model = schema.requireModel(modelName);
    if (!model)
        return model.error();
    call->model = *model;
    if (parser.eat(QLatin1Char('#'))) {
        auto pk = parser.pkLiteral();
        if (!pk)
            return pk.error();
        call->instancePk = *pk;
        call->onInstance = true;
    }
    return parser.expect(QLatin1Char('.'), QStringLiteral("after %1").arg(modelName));
}

// `(value, ...)`, after the method name.
Result<QVariantList> parseArguments(Parser &parser, const QString &method)
{
    GRUMBLE_TRY(parser.expect(QLatin1Char('('), QStringLiteral("after %1").arg(method)));
    QVariantList arguments;
    if (parser.eat(QLatin1Char(')')))
        return arguments;
    for (;;) {
        auto argument = parser.value();
        if (!argument)
            return argument.error();
        arguments << *argument;
        if (parser.eat(QLatin1Char(')')))
            return arguments;
        GRUMBLE_TRY(parser.expect(QLatin1Char(','), QStringLiteral("or ')' between arguments")));
    }
}

Result<Call> parseCall(const QString &expression, const Schema &schema)
{
    Parser parser(expression);
    if (parser.atEnd())
        return makeError(ErrorKind::Syntax, QStringLiteral("column 1: empty expression"));
    Call call;
    GRUMBLE_TRY(parseTarget(parser, schema, &call));
    auto method = parser.name();
    if (!method)
        return method.error();
    call.method = *method;
    if (call.method.isEmpty())
        return parser.error(QStringLiteral("expected a method name, found %1").arg(parser.found()));
    GRUMBLE_TRY(parser.checkNameEnd(call.method, QStringLiteral("(")));
    auto arguments = parseArguments(parser, call.method);
    if (!arguments)
        return arguments.error();
    call.arguments = std::move(*arguments);
    if (!parser.atEnd())
        return parser.error(QStringLiteral("unexpected %1 after the call").arg(parser.found()));
    return call;
}

//! Turns the record references of the arguments into values: as arguments (and in arrays) records,
//! loaded once each; inside objects their primary key.
class ReferenceResolver
{
public:
    explicit ReferenceResolver(Engine &engine) : m_engine(engine) { }

    Result<void> resolveArguments(QVariantList *arguments)
    {
        for (QVariant &argument : *arguments) {
            auto resolved = resolve(argument, true);
            if (!resolved)
                return resolved.error();
            argument = *resolved;
        }
        return {};
    }

private:
    Result<QVariant> resolve(const QVariant &value, bool asRecord)
    {
        if (isRecordRef(value))
            return reference(value.value<RecordRef>(), asRecord);
        if (value.metaType().id() == QMetaType::QVariantList)
            return list(value.toList(), asRecord);
        if (value.metaType().id() == QMetaType::QVariantMap)
            return map(value.toMap());
        return value;
    }

    Result<QVariant> reference(const RecordRef &ref, bool asRecord)
    {
        auto model = m_engine.schema().requireModel(ref.model);
        if (!model)
            return model.error();
        if (!asRecord)
            return ref.pk;
        const QString key = (*model)->name + QLatin1Char('#') + ref.pk.toString();
        if (!m_loaded.contains(key)) {
            auto record = m_engine.findByPk((*model)->name, ref.pk);
            if (!record)
                return record.error();
            if (!record->isValid())
                return makeError(ErrorKind::NotFound,
                                 QStringLiteral("%1#%2 does not exist").arg((*model)->name, ref.pk.toString()));
            m_loaded.insert(key, *record);
        }
        return QVariant::fromValue(m_loaded.value(key));
    }

    Result<QVariant> list(const QVariantList &elements, bool asRecord)
    {
        QVariantList out;
        for (const QVariant &element : elements) {
            auto resolved = resolve(element, asRecord);
            if (!resolved)
                return resolved.error();
            out << *resolved;
        }
        return QVariant(out);
    }

    Result<QVariant> map(const QVariantMap &members)
    {
        QVariantMap out;
        for (auto it = members.begin(); it != members.end(); ++it) {
            auto resolved = resolve(it.value(), false);
            if (!resolved)
                return resolved.error();
            out.insert(it.key(), *resolved);
        }
        return QVariant(out);
    }

    Engine &m_engine;
    QHash<QString, Record> m_loaded; //!< "Model#pk" -> record
};

// A record result as a value: the record, or null when there is none.
Result<QVariant> recordOrNull(const Result<Record> &record)
{
    if (!record)
        return record.error();
    return record->isValid() ? QVariant::fromValue(*record) : QVariant();
}

template <typename T>
Result<QVariant> toVariant(const Result<T> &result)
{
    if (!result)
        return result.error();
    return QVariant::fromValue(*result);
}

//! Runs a parsed call (its references resolved): a static method of the model, or a method or
//! accessor of the record Model#pk.
class CallRunner
{
public:
    CallRunner(Engine &engine, const Call &call)
        : m_engine(engine), m_model(*call.model), m_method(call.method), m_arguments(call.arguments)
    {
    }

    //! create, bulkCreate, findAll, findOne, count, findByPk.
    Result<QVariant> runStatic()
    {
        if (m_method == QLatin1String("create"))
            return create();
        if (m_method == QLatin1String("bulkCreate"))
            return bulkCreate();
        if (m_method == QLatin1String("findAll") || m_method == QLatin1String("findOne")
            || m_method == QLatin1String("count"))
            return find();
        if (m_method == QLatin1String("findByPk"))
            return findByPk();
        return makeError(ErrorKind::UnknownAssociation,
                         QStringLiteral("%1 has no static method '%2' (use create, bulkCreate, findAll, findOne, findByPk, "
                                        "count; accessors are called on a record like %1#1.%2(...))")
                                 .arg(m_model.name, m_method));
    }

    //! update, destroy, reload/get/toJSON, or an accessor, on the record with primary key `pk`.
    Result<QVariant> runOnInstance(const QVariant &pk)
    {
        auto self = m_engine.findByPk(m_model.name, pk);
        if (!self)
            return self.error();
        if (!self->isValid())
            return makeError(ErrorKind::NotFound, QStringLiteral("%1#%2 does not exist").arg(m_model.name, pk.toString()));
        if (m_method == QLatin1String("update")) {
            GRUMBLE_TRY(checkArity(1, 1));
            if (m_arguments.first().metaType().id() != QMetaType::QVariantMap)
                return makeError(ErrorKind::Validation, QStringLiteral("update expects an object of values"));
            return recordOrNull(m_engine.update(*self, m_arguments.first().toMap()));
        }
        if (m_method == QLatin1String("destroy")) {
            GRUMBLE_TRY(checkArity(0, 0));
            return recordOrNull(m_engine.destroy(*self));
        }
        // save(): a record read here has no unsaved change, so, as in Sequelize, no statement
        if (m_method == QLatin1String("reload") || m_method == QLatin1String("save") || m_method == QLatin1String("get")
            || m_method == QLatin1String("toJSON")) {
            GRUMBLE_TRY(checkArity(0, 0));
            return QVariant::fromValue(*self);
        }
        return m_engine.call(*self, m_method, m_arguments);
    }

private:
    Result<void> checkArity(int min, int max) const
    {
        if (m_arguments.size() >= min && m_arguments.size() <= max)
            return {};
        const QString count = min == max ? QString::number(min) : QStringLiteral("%1 to %2").arg(min).arg(max);
        return makeError(ErrorKind::Syntax, QStringLiteral("%1.%2 takes %3 argument%4, not %5")
                                                    .arg(m_model.name, m_method, count,
                                                         max == 1 ? QString() : QStringLiteral("s"))
                                                    .arg(m_arguments.size()));
    }

    Result<QVariant> create()
    {
        GRUMBLE_TRY(checkArity(0, 2));
        if (!m_arguments.isEmpty() && !m_arguments.first().isNull()
            && m_arguments.first().metaType().id() != QMetaType::QVariantMap)
            return makeError(ErrorKind::Validation, QStringLiteral("%1.create expects an object of values").arg(m_model.name));
        auto options = CreateOptions::fromVariant(m_arguments.value(1)); // {"include": [...]}
        if (!options)
            return options.error();
        return recordOrNull(m_engine.create(m_model.name, m_arguments.value(0).toMap(), *options));
    }

    Result<QVariant> bulkCreate()
    {
        GRUMBLE_TRY(checkArity(1, 1));
        const Error notObjects = makeError(ErrorKind::Validation,
                                           QStringLiteral("%1.bulkCreate expects an array of objects").arg(m_model.name));
        if (m_arguments.first().metaType().id() != QMetaType::QVariantList)
            return notObjects;
        QList<QVariantMap> rows;
        for (const QVariant &row : m_arguments.first().toList()) {
            if (row.metaType().id() != QMetaType::QVariantMap)
                return notObjects;
            rows << row.toMap();
        }
        return toVariant(m_engine.bulkCreate(m_model.name, rows));
    }

    // findAll, findOne and count: one optional options object.
    Result<QVariant> find()
    {
        GRUMBLE_TRY(checkArity(0, 1));
        auto options = FindOptions::fromVariant(m_arguments.value(0));
        if (!options)
            return options.error();
        if (m_method == QLatin1String("findOne"))
            return recordOrNull(m_engine.findOne(m_model.name, *options));
        if (m_method == QLatin1String("count"))
            return toVariant(m_engine.count(m_model.name, *options));
        return toVariant(m_engine.findAll(m_model.name, *options));
    }

    // findByPk(pk or record, options).
    Result<QVariant> findByPk()
    {
        GRUMBLE_TRY(checkArity(1, 2));
        auto options = FindOptions::fromVariant(m_arguments.value(1));
        if (!options)
            return options.error();
        QVariant pk = m_arguments.first();
        if (pk.metaType().id() == qMetaTypeId<Record>())
            pk = pk.value<Record>().pk();
        return recordOrNull(m_engine.findByPk(m_model.name, pk, *options));
    }

    Engine &m_engine;
    const Model &m_model;
    const QString &m_method;
    const QVariantList &m_arguments;
};

} // namespace

namespace {

//! The length of the UTF-8 sequence at text[i] (1 to 4), or 0 when it is not valid UTF-8 there
//! (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF, cut short).
int utf8SequenceLength(const unsigned char *text, qsizetype size, qsizetype i)
{
    const unsigned char lead = text[i];
    if (lead < 0x80)
        return 1;
    int length = 0;
    unsigned char low = 0x80, high = 0xBF; // the allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (i + length > size || text[i + 1] < low || text[i + 1] > high)
        return 0;
    for (int k = 2; k < length; ++k) {
        if (text[i + k] < 0x80 || text[i + k] > 0xBF)
            return 0;
    }
    return length;
}

} // namespace

Result<void> Evaluator::checkUtf8(const QByteArray &text)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(text.constData());
    for (qsizetype i = 0; i < text.size();) {
        const int length = utf8SequenceLength(bytes, text.size(), i);
        if (length == 0)
            return makeError(ErrorKind::Syntax, QStringLiteral("byte %1: invalid UTF-8 (0x%2); an expression is UTF-8 text")
                                                        .arg(i + 1)
                                                        .arg(unsigned(bytes[i]), 2, 16, QLatin1Char('0')));
        i += length;
    }
    return {};
}

Result<QVariant> Evaluator::evaluateUtf8(const QByteArray &expression)
{
    GRUMBLE_TRY(checkUtf8(expression));
    return evaluate(QString::fromUtf8(expression));
}

Result<QVariant> Evaluator::evaluate(const QString &expression)
{
    auto call = parseCall(expression, m_engine.schema());
    if (!call)
        return call.error();
    GRUMBLE_TRY(ReferenceResolver(m_engine).resolveArguments(&call->arguments));
    CallRunner runner(m_engine, *call);
    return call->onInstance ? runner.runOnInstance(call->instancePk) : runner.runStatic();
}

QStringList Evaluator::completions() const
{
    QStringList out;
    const QStringList statics = { QStringLiteral("create"), QStringLiteral("bulkCreate"), QStringLiteral("findAll"),
                                  QStringLiteral("findOne"), QStringLiteral("findByPk"), QStringLiteral("count") };
    QSet<QString> seen;
    for (const Model &model : m_engine.schema().models()) {
        const QString name = model.name.at(0).toUpper() + model.name.mid(1);
        out << name;
        for (const QString &method : statics)
            out << name + QLatin1Char('.') + method;
        for (const Accessor &accessor : m_engine.schema().accessorsOf(model.name)) {
            if (!seen.contains(accessor.name)) {
                seen.insert(accessor.name);
                out << accessor.name;
            }
        }
    }
    for (const QString &method : { QStringLiteral("update"), QStringLiteral("save"), QStringLiteral("destroy"),
                                   QStringLiteral("reload") })
        out << method;
    // The options accessors and finds take (issue 12), as the JSON keys they are written as, and
    // templates of the forms that are not one key.
    static const char *const optionKeys[] = { "where", "order", "limit", "offset", "attributes", "exclude",
                                              "joinTableAttributes", "through", "include", "model", "as",
                                              "required", "separate", "all", "nested", "distinct" };
    for (const char *key : optionKeys)
        out << QLatin1Char('"') + QLatin1String(key) + QStringLiteral("\": ");
    out << QStringLiteral("{\"through\": {\"where\": {}}}") << QStringLiteral("{\"include\": [{\"all\": true}]}")
        << QStringLiteral("{\"include\": [{\"all\": true, \"nested\": true}]}")
        << QStringLiteral("{\"attributes\": {\"exclude\": []}}") << QStringLiteral("[\"column\", \"alias\"]")
        << QStringLiteral("{\"$assoc.column$\": value}") << QStringLiteral("[[\"association\", \"column\", \"DESC\"]]")
        << QStringLiteral("[[{\"model\": \"Model\", \"as\": \"alias\"}, \"column\", \"ASC\"]]");
    return out;
}

} // namespace grumble
