// Checking and converting values given for attributes (create, update, where, keys), and the value
// helpers the engine's error messages use.

#include "enginecore.h"
#include "timestamps.h"

#include <QDateTime>

#include <cmath>
#include <optional>
#include <type_traits>

namespace grumble {

Error validationError(const QString &message)
{
    return makeError(ErrorKind::Validation, message);
}

Error syntaxError(const QString &message)
{
    return makeError(ErrorKind::Syntax, message);
}

bool isRecordValue(const QVariant &value)
{
    return value.metaType().id() == qMetaTypeId<Record>();
}

bool isListValue(const QVariant &value)
{
    const int type = value.metaType().id();
    return type == QMetaType::QVariantList || type == QMetaType::QStringList
            || type == qMetaTypeId<RecordList>();
}

bool isMapValue(const QVariant &value)
{
    return value.metaType().id() == QMetaType::QVariantMap;
}

QVariantList listItems(const QVariant &value)
{
    if (value.metaType().id() == qMetaTypeId<RecordList>()) {
        QVariantList out;
        for (const Record &r : value.value<RecordList>())
            out << QVariant::fromValue(r);
        return out;
    }
    return value.toList();
}

namespace {

//! A string holding a number (" 12 ", "0.5"), read as T; nullopt for anything else.
template<typename T>
std::optional<T> numberInText(const QVariant &v)
{
    if (v.metaType().id() != QMetaType::QString)
        return std::nullopt;
    bool ok = false;
    const QString text = v.toString().trimmed();
    T n;
    if constexpr (std::is_same_v<T, double>)
        n = text.toDouble(&ok);
    else
        n = text.toLongLong(&ok);
    return ok ? std::optional<T>(n) : std::nullopt;
}

bool isNumber(const QVariant &v)
{
    switch (v.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::Short:
    case QMetaType::Double:
    case QMetaType::Float:
        return true;
    default:
        return false;
    }
}

//! Converts one value for one attribute; each type's rules in its own function.
class Coercion
{
public:
    Coercion(const Model &model, const Attribute &attribute, const QVariant &value)
        : m_model(model), m_attribute(attribute), m_value(value), m_type(value.metaType().id())
    { }

    Result<QVariant> run() const
    {
        if (!m_value.isValid() || m_value.isNull()) {
            if (!m_attribute.allowNull)
                return validationError(QStringLiteral("%1 cannot be null").arg(name()));
            return QVariant();
        }
        const bool json = m_attribute.type == DataType::Json;
        if (isRecordValue(m_value) || (isListValue(m_value) && !json)
            || (m_type == QMetaType::QVariantMap && !json))
            return wrong(QStringLiteral("a %1 value").arg(dataTypeName(m_attribute.type)));
        switch (m_attribute.type) {
        case DataType::String:
        case DataType::Text:
            return text();
        case DataType::Integer:
        case DataType::BigInt:
            return integer();
        case DataType::Float:
        case DataType::Double:
            return number();
        case DataType::Boolean:
            return boolean();
        case DataType::Date:
            return timestamp();
        case DataType::DateOnly:
            return date();
        case DataType::Json:
        case DataType::Raw: // a type Grumble does not know: the database converts the value
            return m_value;
        }
        return m_value;
    }

private:
    QString name() const
    {
        return m_model.name + QLatin1Char('.') + m_attribute.name;
    } // only for messages

    Error wrong(const QString &expected) const
    {
        return validationError(QStringLiteral("%1 must be %2, not %3")
                                       .arg(name(), expected, describeValue(m_value)));
    }

    Result<QVariant> text() const
    {
        if (m_type == QMetaType::QString) {
            const QString s = m_value.toString();
            if (m_attribute.type == DataType::String && s.size() > m_attribute.length)
                return validationError(QStringLiteral("%1 is longer than %2 characters")
                                               .arg(name())
                                               .arg(m_attribute.length));
            return s;
        }
        if (isNumber(m_value))
            return m_value.toString();
        return wrong(QStringLiteral("a string"));
    }

    Result<QVariant> integer() const
    {
        if (m_type == QMetaType::Double || m_type == QMetaType::Float) {
            const double d = m_value.toDouble();
            if (d != std::floor(d) || std::fabs(d) > 9.2e18)
                return wrong(QStringLiteral("an integer"));
            return qint64(d);
        }
        if (isNumber(m_value))
            return m_value.toLongLong();
        if (const auto n = numberInText<qint64>(m_value))
            return *n;
        return wrong(QStringLiteral("an integer"));
    }

    Result<QVariant> number() const
    {
        if (isNumber(m_value))
            return m_value.toDouble();
        if (const auto d = numberInText<double>(m_value))
            return *d;
        return wrong(QStringLiteral("a number"));
    }

    Result<QVariant> boolean() const
    {
        if (m_type == QMetaType::Bool)
            return m_value.toBool();
        if (isNumber(m_value) && (m_value.toDouble() == 0 || m_value.toDouble() == 1))
            return m_value.toDouble() == 1;
        if (m_type == QMetaType::QString) {
            const QString s = m_value.toString().toLower();
            if (s == QLatin1String("true") || s == QLatin1String("1"))
                return true;
            if (s == QLatin1String("false") || s == QLatin1String("0"))
                return false;
        }
        return wrong(QStringLiteral("a boolean"));
    }

    Result<QVariant> timestamp() const
    {
        if (m_type == QMetaType::QDateTime)
            return inRange(m_value.toDateTime().toUTC());
        if (m_type == QMetaType::QString) {
            bool ok = false;
            const QDateTime dt = parseTimestamp(m_value.toString(), &ok);
            if (ok)
                return dt;
            const QDate date = QDate::fromString(m_value.toString(), Qt::ISODate);
            if (date.isValid())
                return inRange(QDateTime(date, QTime(0, 0), Qt::UTC));
        }
        if (m_type == QMetaType::Double || m_type == QMetaType::Float) {
            const double msecs = m_value.toDouble(); // compared as a double: no overflow converting
            if (!(msecs >= double(kMinTimestampMsecs) && msecs <= double(kMaxTimestampMsecs)))
                return outOfRange();
            return QDateTime::fromMSecsSinceEpoch(qint64(msecs), Qt::UTC);
        }
        if (isNumber(m_value)) {
            if (m_type == QMetaType::ULongLong && m_value.toULongLong() > quint64(kMaxTimestampMsecs))
                return outOfRange();
            return inRange(QDateTime::fromMSecsSinceEpoch(m_value.toLongLong(), Qt::UTC));
        }
        return wrong(QStringLiteral("a date (ISO 8601 text such as \"2026-11-21T22:09:46.517Z\")"));
    }

    Result<QVariant> inRange(const QDateTime &timestamp) const
    {
        if (!timestampInRange(timestamp))
            return outOfRange();
        return timestamp;
    }

    Error outOfRange() const
    {
        return validationError(QStringLiteral("%1 must be a date between 0001-01-01 and 9999-12-31 (UTC), not %2")
                                       .arg(name(), describeValue(m_value)));
    }

    Result<QVariant> date() const
    {
        if (m_type == QMetaType::QDate) {
            const int year = m_value.toDate().year();
            if (year < 1 || year > 9999)
                return outOfRange();
            return m_value;
        }
        if (m_type == QMetaType::QString) {
            const QDate date = QDate::fromString(m_value.toString().left(10), Qt::ISODate);
            if (date.isValid())
                return date;
        }
        return wrong(QStringLiteral("a date (\"YYYY-MM-DD\")"));
    }

    const Model &m_model;
    const Attribute &m_attribute;
    const QVariant &m_value;
    const int m_type;
};

} // namespace

QString describeValue(const QVariant &value)
{
    if (value.isNull())
        return QStringLiteral("null");
    if (isRecordValue(value))
        return QStringLiteral("a %1 record").arg(value.value<Record>().model->name);
    switch (value.metaType().id()) {
    case QMetaType::Bool:
        return QStringLiteral("a boolean");
    case QMetaType::QString:
        return QStringLiteral("the string \"%1\"").arg(value.toString().left(40));
    case QMetaType::QVariantList:
        return QStringLiteral("an array");
    case QMetaType::QVariantMap:
        return QStringLiteral("an object");
    default:
        return isNumber(value) ? QStringLiteral("the number %1").arg(value.toString())
                               : QString::fromLatin1(value.typeName());
    }
}

Result<QVariant> EngineCore::coerce(const Model &model, const Attribute &attribute,
                                    const QVariant &value) const
{
    return Coercion(model, attribute, value).run();
}

} // namespace grumble
