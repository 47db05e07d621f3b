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

class Parser
{
public:
    explicit Parser(const QString &text) : m_s(text) { }

    Error error(const QString &what) const
    {
        return makeError(ErrorKind::Syntax, QStringLiteral("column %1: %2").arg(m_i + 1).arg(what));
    }

    void skip()
    {
        while (m_i < m_s.size() && m_s.at(m_i).isSpace())
            ++m_i;
    }
    bool atEnd()
    {
        skip();
        return m_i >= m_s.size();
    }
    bool peek(QChar c)
    {
        skip();
        return m_i < m_s.size() && m_s.at(m_i) == c;
    }
    bool eat(QChar c)
    {
        if (!peek(c))
            return false;
        ++m_i;
        return true;
    }
    Result<void> expect(QChar c, const QString &context)
    {
        if (eat(c))
            return {};
        return error(QStringLiteral("expected '%1' %2, found %3").arg(c).arg(context, found()));
    }
    QString found()
    {
        skip();
        if (m_i >= m_s.size())
            return QStringLiteral("the end of the line");
        return QLatin1Char('\'') + m_s.mid(m_i, 12) + QLatin1Char('\'');
    }
    QString identifier()
    {
        skip();
        const int start = m_i;
        while (m_i < m_s.size() && (m_s.at(m_i).isLetterOrNumber() || m_s.at(m_i) == QLatin1Char('_') || m_s.at(m_i) == QLatin1Char('$'))) {
            if (m_i == start && m_s.at(m_i).isDigit())
                break;
            ++m_i;
        }
        return m_s.mid(start, m_i - start);
    }

    Result<QVariant> number()
    {
        skip();
        const int start = m_i;
        if (m_i < m_s.size() && (m_s.at(m_i) == QLatin1Char('-') || m_s.at(m_i) == QLatin1Char('+')))
            ++m_i;
        bool isFloat = false;
        while (m_i < m_s.size()) {
            const QChar c = m_s.at(m_i);
            if (c.isDigit()) {
                ++m_i;
            } else if ((c == QLatin1Char('.') && m_i + 1 < m_s.size() && m_s.at(m_i + 1).isDigit())
                       || ((c == QLatin1Char('e') || c == QLatin1Char('E')) && m_i + 1 < m_s.size()
                           && (m_s.at(m_i + 1).isDigit() || m_s.at(m_i + 1) == QLatin1Char('-') || m_s.at(m_i + 1) == QLatin1Char('+')))
                       || ((c == QLatin1Char('-') || c == QLatin1Char('+')) && isFloat
                           && (m_s.at(m_i - 1) == QLatin1Char('e') || m_s.at(m_i - 1) == QLatin1Char('E')))) {
                isFloat = true;
                ++m_i;
            } else {
                break;
            }
        }
        const QString text = m_s.mid(start, m_i - start);
        bool ok = false;
        if (!isFloat) {
            const qint64 n = text.toLongLong(&ok);
            if (ok)
                return QVariant(n);
        }
        const double d = text.toDouble(&ok);
        if (!ok) {
            m_i = start;
            return error(QStringLiteral("malformed number %1").arg(found()));
        }
        return QVariant(d);
    }

    Result<QString> string()
    {
        skip();
        const QChar quote = m_s.at(m_i);
        const int start = m_i;
        ++m_i;
        QString out;
        while (m_i < m_s.size() && m_s.at(m_i) != quote) {
            QChar c = m_s.at(m_i++);
            if (c == QLatin1Char('\\')) {
                if (m_i >= m_s.size())
                    break;
                const QChar e = m_s.at(m_i++);
                switch (e.unicode()) {
                case 'n': out += QLatin1Char('\n'); break;
                case 't': out += QLatin1Char('\t'); break;
                case 'r': out += QLatin1Char('\r'); break;
                case 'b': out += QLatin1Char('\b'); break;
                case 'f': out += QLatin1Char('\f'); break;
                case 'u': {
                    bool ok = false;
                    const ushort code = m_s.mid(m_i, 4).toUShort(&ok, 16);
                    if (!ok)
                        return error(QStringLiteral("malformed \\u escape"));
                    out += QChar(code);
                    m_i += 4;
                    break;
                }
                default: out += e;
                }
            } else {
                out += c;
            }
        }
        if (m_i >= m_s.size()) {
            m_i = start;
            return error(QStringLiteral("unterminated string"));
        }
        ++m_i;
        return out;
    }

    Result<QVariant> pkLiteral()
    {
        skip();
        if (m_i < m_s.size() && (m_s.at(m_i) == QLatin1Char('"') || m_s.at(m_i) == QLatin1Char('\''))) {
            auto s = string();
            if (!s)
                return s.error();
            return QVariant(*s);
        }
        if (m_i < m_s.size() && (m_s.at(m_i).isDigit() || m_s.at(m_i) == QLatin1Char('-')))
            return number();
        return error(QStringLiteral("expected a primary key after '#', found %1").arg(found()));
    }

    Result<QVariant> value(int depth = 0)
    {
        if (depth > 64)
            return error(QStringLiteral("nested too deeply"));
        skip();
        if (m_i >= m_s.size())
            return error(QStringLiteral("expected a value, found the end of the line"));
        const QChar c = m_s.at(m_i);
        if (c == QLatin1Char('{')) {
            ++m_i;
            QVariantMap map;
            if (eat(QLatin1Char('}')))
                return QVariant(map);
            for (;;) {
                skip();
                QString key;
                if (peek(QLatin1Char('"')) || peek(QLatin1Char('\''))) {
                    auto k = string();
                    if (!k)
                        return k.error();
                    key = *k;
                } else {
                    key = identifier();
                    if (key.isEmpty())
                        return error(QStringLiteral("expected a key (a quoted string), found %1").arg(found()));
                }
                GRUMBLE_TRY(expect(QLatin1Char(':'), QStringLiteral("after the key \"%1\"").arg(key)));
                auto v = value(depth + 1);
                if (!v)
                    return v.error();
                map.insert(key, *v);
                if (eat(QLatin1Char('}')))
                    return QVariant(map);
                GRUMBLE_TRY(expect(QLatin1Char(','), QStringLiteral("or '}' in the object")));
            }
        }
        if (c == QLatin1Char('[')) {
            ++m_i;
            QVariantList list;
            if (eat(QLatin1Char(']')))
                return QVariant(list);
            for (;;) {
                auto v = value(depth + 1);
                if (!v)
                    return v.error();
                list << *v;
                if (eat(QLatin1Char(']')))
                    return QVariant(list);
                GRUMBLE_TRY(expect(QLatin1Char(','), QStringLiteral("or ']' in the array")));
            }
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            auto s = string();
            if (!s)
                return s.error();
            return QVariant(*s);
        }
        if (c.isDigit() || c == QLatin1Char('-') || c == QLatin1Char('+'))
            return number();
        const int start = m_i;
        const QString word = identifier();
        if (word == QLatin1String("null") || word == QLatin1String("undefined"))
            return QVariant();
        if (word == QLatin1String("true"))
            return QVariant(true);
        if (word == QLatin1String("false"))
            return QVariant(false);
        if (!word.isEmpty() && eat(QLatin1Char('#'))) {
            auto pk = pkLiteral();
            if (!pk)
                return pk.error();
            return QVariant::fromValue(RecordRef { word, *pk, start + 1 });
        }
        m_i = start;
        if (!word.isEmpty())
            return error(QStringLiteral("unexpected '%1': a value is JSON (strings in double quotes), a number, "
                                        "true, false, null, or a record reference like Owner#1").arg(word));
        return error(QStringLiteral("unexpected %1").arg(found()));
    }

    int pos() const { return m_i; }

private:
    QString m_s;
    int m_i = 0;
};

bool isRef(const QVariant &v)
{
    return v.metaType().id() == qMetaTypeId<RecordRef>();
}

} // namespace

Result<QVariant> Evaluator::evaluate(const QString &expression)
{
    Parser p(expression);
    if (p.atEnd())
        return makeError(ErrorKind::Syntax, QStringLiteral("column 1: empty expression"));
    const QString modelName = p.identifier();
    if (modelName.isEmpty())
        return p.error(QStringLiteral("expected a model name like Pug or Pug#1, found %1").arg(p.found()));
    auto model = m_engine.schema().requireModel(modelName);
    if (!model)
        return model.error();
    const Model &m = **model;
    QVariant selfPk;
    bool instance = false;
    if (p.eat(QLatin1Char('#'))) {
        auto pk = p.pkLiteral();
        if (!pk)
            return pk.error();
        selfPk = *pk;
        instance = true;
    }
    GRUMBLE_TRY(p.expect(QLatin1Char('.'), QStringLiteral("after %1").arg(modelName)));
    const QString method = p.identifier();
    if (method.isEmpty())
        return p.error(QStringLiteral("expected a method name, found %1").arg(p.found()));
    GRUMBLE_TRY(p.expect(QLatin1Char('('), QStringLiteral("after %1").arg(method)));
    QVariantList args;
    if (!p.eat(QLatin1Char(')'))) {
        for (;;) {
            auto v = p.value();
            if (!v)
                return v.error();
            args << *v;
            if (p.eat(QLatin1Char(')')))
                break;
            GRUMBLE_TRY(p.expect(QLatin1Char(','), QStringLiteral("or ')' between arguments")));
        }
    }
    if (!p.atEnd())
        return p.error(QStringLiteral("unexpected %1 after the call").arg(p.found()));

    // Resolve record references: as arguments (and in arrays) they become records; inside objects
    // their primary key.
    QHash<QString, Record> loaded;
    std::function<Result<QVariant>(const QVariant &, bool)> resolve = [&](const QVariant &v, bool asRecord) -> Result<QVariant> {
        if (isRef(v)) {
            const RecordRef ref = v.value<RecordRef>();
            auto rm = m_engine.schema().requireModel(ref.model);
            if (!rm)
                return rm.error();
            if (!asRecord)
                return ref.pk;
            const QString key = (*rm)->name + QLatin1Char('#') + ref.pk.toString();
            if (!loaded.contains(key)) {
                auto r = m_engine.findByPk((*rm)->name, ref.pk);
                if (!r)
                    return r.error();
                if (!r->isValid())
                    return makeError(ErrorKind::NotFound, QStringLiteral("%1#%2 does not exist").arg((*rm)->name, ref.pk.toString()));
                loaded.insert(key, *r);
            }
            return QVariant::fromValue(loaded.value(key));
        }
        if (v.metaType().id() == QMetaType::QVariantList) {
            QVariantList out;
            for (const QVariant &x : v.toList()) {
                auto r = resolve(x, asRecord);
                if (!r)
                    return r.error();
                out << *r;
            }
            return QVariant(out);
        }
        if (v.metaType().id() == QMetaType::QVariantMap) {
            QVariantMap out;
            const QVariantMap in = v.toMap();
            for (auto it = in.begin(); it != in.end(); ++it) {
                auto r = resolve(it.value(), false);
                if (!r)
                    return r.error();
                out.insert(it.key(), *r);
            }
            return QVariant(out);
        }
        return v;
    };
    for (QVariant &a : args) {
        auto r = resolve(a, true);
        if (!r)
            return r.error();
        a = *r;
    }

    auto optionsArg = [&](int i) -> Result<FindOptions> { return FindOptions::fromVariant(args.value(i)); };
    auto arity = [&](int min, int max) -> Result<void> {
        if (args.size() < min || args.size() > max)
            return makeError(ErrorKind::Syntax, QStringLiteral("%1.%2 takes %3 argument%4, not %5")
                                                        .arg(m.name, method,
                                                             min == max ? QString::number(min) : QStringLiteral("%1 to %2").arg(min).arg(max),
                                                             max == 1 ? QString() : QStringLiteral("s"))
                                                        .arg(args.size()));
        return {};
    };
    auto recordArg = [](const Result<Record> &r) -> Result<QVariant> {
        if (!r)
            return r.error();
        return r->isValid() ? QVariant::fromValue(*r) : QVariant();
    };

    if (!instance) {
        if (method == QLatin1String("create")) {
            GRUMBLE_TRY(arity(0, 1));
            if (!args.isEmpty() && !args.first().isNull() && args.first().metaType().id() != QMetaType::QVariantMap)
                return makeError(ErrorKind::Validation, QStringLiteral("%1.create expects an object of values").arg(m.name));
            return recordArg(m_engine.create(m.name, args.value(0).toMap()));
        }
        if (method == QLatin1String("bulkCreate")) {
            GRUMBLE_TRY(arity(1, 1));
            if (args.first().metaType().id() != QMetaType::QVariantList)
                return makeError(ErrorKind::Validation, QStringLiteral("%1.bulkCreate expects an array of objects").arg(m.name));
            QList<QVariantMap> rows;
            for (const QVariant &r : args.first().toList()) {
                if (r.metaType().id() != QMetaType::QVariantMap)
                    return makeError(ErrorKind::Validation, QStringLiteral("%1.bulkCreate expects an array of objects").arg(m.name));
                rows << r.toMap();
            }
            auto r = m_engine.bulkCreate(m.name, rows);
            if (!r)
                return r.error();
            return QVariant::fromValue(*r);
        }
        if (method == QLatin1String("findAll") || method == QLatin1String("findOne") || method == QLatin1String("count")) {
            GRUMBLE_TRY(arity(0, 1));
            auto o = optionsArg(0);
            if (!o)
                return o.error();
            if (method == QLatin1String("findOne"))
                return recordArg(m_engine.findOne(m.name, *o));
            if (method == QLatin1String("count")) {
                auto n = m_engine.count(m.name, *o);
                if (!n)
                    return n.error();
                return QVariant(*n);
            }
            auto r = m_engine.findAll(m.name, *o);
            if (!r)
                return r.error();
            return QVariant::fromValue(*r);
        }
        if (method == QLatin1String("findByPk")) {
            GRUMBLE_TRY(arity(1, 2));
            auto o = optionsArg(1);
            if (!o)
                return o.error();
            QVariant pk = args.first();
            if (pk.metaType().id() == qMetaTypeId<Record>())
                pk = pk.value<Record>().pk();
            return recordArg(m_engine.findByPk(m.name, pk, *o));
        }
        return makeError(ErrorKind::UnknownAssociation,
                         QStringLiteral("%1 has no static method '%2' (use create, bulkCreate, findAll, findOne, findByPk, "
                                        "count; accessors are called on a record like %1#1.%2(...))").arg(m.name, method));
    }

    auto self = m_engine.findByPk(m.name, selfPk);
    if (!self)
        return self.error();
    if (!self->isValid())
        return makeError(ErrorKind::NotFound, QStringLiteral("%1#%2 does not exist").arg(m.name, selfPk.toString()));
    if (method == QLatin1String("update")) {
        GRUMBLE_TRY(arity(1, 1));
        if (args.first().metaType().id() != QMetaType::QVariantMap)
            return makeError(ErrorKind::Validation, QStringLiteral("update expects an object of values"));
        return recordArg(m_engine.update(*self, args.first().toMap()));
    }
    if (method == QLatin1String("destroy")) {
        GRUMBLE_TRY(arity(0, 0));
        return recordArg(m_engine.destroy(*self));
    }
    if (method == QLatin1String("reload") || method == QLatin1String("get") || method == QLatin1String("toJSON")) {
        GRUMBLE_TRY(arity(0, 0));
        return QVariant::fromValue(*self);
    }
    return m_engine.call(*self, method, args);
}

QStringList Evaluator::completions() const
{
    QStringList out;
    const QStringList statics = { QStringLiteral("create"), QStringLiteral("bulkCreate"), QStringLiteral("findAll"),
                                  QStringLiteral("findOne"), QStringLiteral("findByPk"), QStringLiteral("count") };
    QSet<QString> seen;
    for (const Model &m : m_engine.schema().models()) {
        const QString name = m.name.at(0).toUpper() + m.name.mid(1);
        out << name;
        for (const QString &s : statics)
            out << name + QLatin1Char('.') + s;
        for (const Accessor &a : m_engine.schema().accessorsOf(m.name)) {
            if (!seen.contains(a.name)) {
                seen.insert(a.name);
                out << a.name;
            }
        }
    }
    for (const QString &s : { QStringLiteral("update"), QStringLiteral("destroy"), QStringLiteral("reload") })
        out << s;
    return out;
}

} // namespace grumble
