// Database column types and defaults in the schema's terms: mapSqlType() (inference.h) and the
// reading of a column's default (inference_p.h).

#include "inference.h"
#include "inference_p.h"

#include <QRegularExpression>

namespace grumble {

namespace {

//! A type name split into its lower-case words and the numbers in its parentheses:
//! "character varying(255)" → base "character varying", arguments {255}.
struct TypeWords
{
    QString base;
    QList<int> arguments;
};

TypeWords splitType(const QString &sqlType)
{
    static const QRegularExpression parenthesis(QStringLiteral("\\(([^)]*)\\)"));
    TypeWords words;
    QString text = sqlType.trimmed().toLower();
    const QRegularExpressionMatch match = parenthesis.match(text);
    if (match.hasMatch()) {
        for (const QString &argument : match.captured(1).split(QLatin1Char(',')))
            words.arguments << argument.trimmed().toInt();
        text.remove(match.capturedStart(), match.capturedLength());
    }
    words.base = text.simplified();
    return words;
}

struct TypeAlias
{
    const char *name;
    DataType type;
};

// Exact base names (lower case, without parentheses). NUMERIC/DECIMAL are not here on purpose: they
// stay verbatim (RAW) so their values are shown exactly as stored (Sequelize hands DECIMAL back as
// text too); CHAR(n), UUID, arrays, enums, geometry... stay verbatim as well.
const TypeAlias kTypeAliases[] = {
    { "text", DataType::Text },
    { "clob", DataType::Text },
    { "longtext", DataType::Text },
    { "mediumtext", DataType::Text },
    { "tinytext", DataType::Text },
    { "ntext", DataType::Text },
    { "integer", DataType::Integer },
    { "int", DataType::Integer },
    { "int4", DataType::Integer },
    { "serial", DataType::Integer },
    { "serial4", DataType::Integer },
    { "mediumint", DataType::Integer },
    { "smallint", DataType::Integer },
    { "int2", DataType::Integer },
    { "smallserial", DataType::Integer },
    { "bigint", DataType::BigInt },
    { "int8", DataType::BigInt },
    { "bigserial", DataType::BigInt },
    { "serial8", DataType::BigInt },
    { "real", DataType::Float },
    { "float4", DataType::Float },
    { "double", DataType::Double },
    { "double precision", DataType::Double },
    { "float8", DataType::Double },
    { "boolean", DataType::Boolean },
    { "bool", DataType::Boolean },
    { "datetime", DataType::Date },
    { "timestamp", DataType::Date },
    { "timestamptz", DataType::Date },
    { "timestamp with time zone", DataType::Date },
    { "timestamp without time zone", DataType::Date },
    { "date", DataType::DateOnly },
    { "json", DataType::Json },
    { "jsonb", DataType::Json },
};

bool isStringType(const QString &base)
{
    return base == QLatin1String("varchar") || base == QLatin1String("character varying")
            || base == QLatin1String("nvarchar") || base == QLatin1String("varchar2")
            || base == QLatin1String("national character varying") || base == QLatin1String("varying character");
}

// Types with parentheses that change their meaning: VARCHAR(n), TINYINT(1), FLOAT(p), TIMESTAMP(p).
bool mapParameterized(const TypeWords &words, DataType *type, int *length)
{
    if (isStringType(words.base)) {
        const int n = words.arguments.value(0);
        *type = n > 0 ? DataType::String : DataType::Text; // VARCHAR without a length has none
        *length = n > 0 ? n : 255;
        return true;
    }
    if (words.base == QLatin1String("tinyint")) {
        *type = words.arguments == QList<int> { 1 } ? DataType::Boolean : DataType::Integer;
        return true;
    }
    if (words.base == QLatin1String("float")) {
        *type = words.arguments.value(0) > 24 ? DataType::Double : DataType::Float;
        return true;
    }
    return false;
}

} // namespace

bool mapSqlType(const QString &sqlType, DataType *type, int *length)
{
    const TypeWords words = splitType(sqlType);
    int parsedLength = 255;
    DataType parsed = DataType::Raw;
    bool known = mapParameterized(words, &parsed, &parsedLength);
    for (const TypeAlias &alias : kTypeAliases) {
        if (!known && words.base == QLatin1String(alias.name)) {
            parsed = alias.type;
            known = true;
        }
    }
    if (!known)
        return false;
    *type = parsed;
    if (length)
        *length = parsedLength;
    return true;
}

namespace {

// "'it''s'" → "it's"; false when `text` is not one quoted string.
bool unquote(const QString &text, QString *out)
{
    if (text.size() < 2 || !text.startsWith(QLatin1Char('\'')) || !text.endsWith(QLatin1Char('\'')))
        return false;
    const QString inner = text.mid(1, text.size() - 2);
    if (inner.contains(QRegularExpression(QStringLiteral("(^|[^'])'($|[^'])"))))
        return false;
    *out = QString(inner).replace(QStringLiteral("''"), QStringLiteral("'"));
    return true;
}

// Without PostgreSQL's casts and enclosing parentheses: "('member'::character varying)" → "'member'".
QString withoutCasts(QString text)
{
    static const QRegularExpression cast(QStringLiteral("::[a-zA-Z_][a-zA-Z0-9_ \"\\[\\]]*(\\([0-9, ]*\\))?$"));
    for (bool changed = true; changed;) {
        const QString before = text;
        text = text.trimmed();
        if (text.startsWith(QLatin1Char('(')) && text.endsWith(QLatin1Char(')')))
            text = text.mid(1, text.size() - 2);
        text.remove(cast);
        changed = text != before;
    }
    return text;
}

// A literal in the column's type: a number, TRUE/FALSE, a quoted string; invalid otherwise.
QVariant literalValue(const QString &text, DataType type)
{
    QString string;
    if (unquote(text, &string)) {
        if (type == DataType::Boolean && (string == QLatin1String("t") || string == QLatin1String("true")))
            return true;
        if (type == DataType::Boolean && (string == QLatin1String("f") || string == QLatin1String("false")))
            return false;
        return string;
    }
    const QString lower = text.toLower();
    if (lower == QLatin1String("true") || lower == QLatin1String("false"))
        return lower == QLatin1String("true");
    bool ok = false;
    const qint64 integer = text.toLongLong(&ok);
    if (ok)
        return type == DataType::Boolean ? QVariant(integer != 0) : QVariant(integer);
    const double real = text.toDouble(&ok);
    if (ok)
        return real;
    return QVariant();
}

} // namespace

void readColumnDefault(const CatalogColumn &column, Attribute *attribute)
{
    if (!column.hasDefault || column.defaultSql.trimmed().isEmpty())
        return;
    const QString text = withoutCasts(column.defaultSql);
    if (text.compare(QLatin1String("NULL"), Qt::CaseInsensitive) == 0)
        return;
    if (text.startsWith(QLatin1String("nextval("), Qt::CaseInsensitive)) {
        attribute->autoIncrement = true; // a sequence: the database numbers the rows
        return;
    }
    const QVariant value = literalValue(text, attribute->type);
    if (value.isValid() && attribute->type != DataType::Raw)
        attribute->defaultValue = value;
    else
        attribute->defaultSql = column.defaultSql.trimmed();
}

} // namespace grumble
