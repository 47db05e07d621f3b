#include "dialect.h"
#include "timestamps.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <QTimeZone>

#include <charconv>
#include <cstdlib>
#include <string>

namespace grumble {

QString Dialect::columnType(const Attribute &a) const
{
    switch (a.type) {
    case DataType::String: return QStringLiteral("VARCHAR(%1)").arg(a.length);
    case DataType::Text: return QStringLiteral("TEXT");
    case DataType::Integer: return QStringLiteral("INTEGER");
    case DataType::BigInt: return QStringLiteral("BIGINT");
    case DataType::Float: return QStringLiteral("FLOAT");
    case DataType::Double: return QStringLiteral("DOUBLE PRECISION");
    case DataType::Boolean: return QStringLiteral("BOOLEAN");
    case DataType::Date: return QStringLiteral("TIMESTAMP WITH TIME ZONE");
    case DataType::DateOnly: return QStringLiteral("DATE");
    case DataType::Json: return QStringLiteral("JSON");
    case DataType::Raw: return a.sqlType; // verbatim, as the database declared it
    }
    return QStringLiteral("TEXT");
}

QVariant Dialect::toDb(DataType type, const QVariant &v) const
{
    if (v.isNull())
        return v;
    switch (type) {
    case DataType::Json: {
        // One JSON value as text: serialize it inside an array and strip the brackets.
        const QByteArray a = QJsonDocument(QJsonArray { QJsonValue::fromVariant(v) }).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(a.mid(1, a.size() - 2));
    }
    case DataType::DateOnly:
        if (v.metaType().id() == QMetaType::QDate)
            return v.toDate().toString(Qt::ISODate);
        return v;
    default:
        return v;
    }
}

QVariant Dialect::fromDb(DataType type, const QVariant &v) const
{
    if (v.isNull())
        return QVariant();
    switch (type) {
    case DataType::Integer:
    case DataType::BigInt:
        return v.toLongLong();
    case DataType::Float:
    case DataType::Double:
        return v.toDouble();
    case DataType::Boolean:
        if (v.metaType().id() == QMetaType::QString)
            return v.toString() == QLatin1String("1") || v.toString() == QLatin1String("true")
                    || v.toString() == QLatin1String("t");
        return v.toBool();
    case DataType::Date:
        if (v.metaType().id() == QMetaType::QDateTime)
            return v.toDateTime().toUTC();
        return parseTimestamp(v.toString());
    case DataType::DateOnly:
        if (v.metaType().id() == QMetaType::QDate)
            return v;
        return QDate::fromString(v.toString().left(10), Qt::ISODate);
    case DataType::Json: {
        const QByteArray raw = v.toString().toUtf8();
        QJsonParseError e;
        const QJsonDocument d = QJsonDocument::fromJson(raw, &e);
        if (e.error == QJsonParseError::NoError)
            return d.isArray() ? QVariant(d.array().toVariantList()) : QVariant(d.object().toVariantMap());
        // scalars: wrap in an array to parse
        const QJsonDocument w = QJsonDocument::fromJson("[" + raw + "]");
        return w.isArray() && !w.array().isEmpty() ? w.array().first().toVariant() : QVariant(v.toString());
    }
    case DataType::String:
    case DataType::Text:
        return v.toString();
    case DataType::Raw:
        return v; // as the driver gives it
    }
    return v;
}

std::unique_ptr<Dialect> Dialect::forDriver(const QString &driver)
{
    if (driver == QLatin1String("QPSQL"))
        return makePostgresDialect();
    return makeSqliteDialect();
}

std::unique_ptr<Dialect> Dialect::forName(const QString &name)
{
    if (name == QLatin1String("sqlite"))
        return makeSqliteDialect();
    if (name == QLatin1String("postgres"))
        return makePostgresDialect();
    return nullptr;
}

} // namespace grumble
