#include "record.h"

#include "timestamps.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <charconv>
#include <cmath>

namespace grumble {

const QVector<int> &Record::projection() const
{
    static const QVector<int> all;
    return shape ? shape->projection : all;
}

void Record::setProjection(const QVector<int> &projection)
{
    auto next = std::make_shared<RecordShape>(shape ? *shape : RecordShape());
    next->projection = projection;
    shape = std::move(next);
}

Record Record::through() const
{
    Record joinRow;
    if (!hasThrough())
        return joinRow;
    joinRow.model = shape->throughModel;
    joinRow.values = throughValues;
    if (!shape->throughProjection.isEmpty())
        joinRow.setProjection(shape->throughProjection);
    return joinRow;
}

QVariant Record::value(const QString &attribute) const
{
    const int index = model ? model->indexOf(attribute) : -1;
    return index >= 0 && index < values.size() ? values.at(index) : QVariant();
}

void Record::setValue(const QString &attribute, const QVariant &value)
{
    const int index = model ? model->indexOf(attribute) : -1;
    if (index < 0)
        return;
    if (values.size() < model->attributes.size())
        values.resize(int(model->attributes.size()));
    values.set(index, value);
}

QVariant Record::pk() const
{
    const int index = model ? model->pkIndex() : -1;
    return index >= 0 && index < values.size() ? values.at(index) : QVariant();
}

QString Record::label() const
{
    if (!model)
        return QStringLiteral("(none)");
    if (model->pkIndex() >= 0)
        return model->name + QLatin1Char('#') + pk().toString();
    QStringList parts;
    for (const QString &key : model->primaryKey)
        parts << key + QLatin1Char('=') + value(key).toString();
    return model->name + QLatin1Char('(') + parts.join(QLatin1Char(',')) + QLatin1Char(')');
}

const Included *Record::included(const QString &key) const
{
    for (const Included &include : includes) {
        if (include.key == key)
            return &include;
    }
    return nullptr;
}

namespace {

template <typename List>
void appendArray(QByteArray &out, const List &list)
{
    out += '[';
    for (int i = 0; i < list.size(); ++i) {
        if (i)
            out += ',';
        appendJson(out, list.at(i));
    }
    out += ']';
}

void appendUtf8(QByteArray &out, QByteArrayView utf8)
{
    out += '"';
    for (char c : utf8) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                qsnprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void appendString(QByteArray &out, const QString &text)
{
    appendUtf8(out, text.toUtf8());
}

void appendNumber(QByteArray &out, double number)
{
    if (!std::isfinite(number)) {
        out += "null";
        return;
    }
    if (number == std::floor(number) && std::fabs(number) < 9007199254740992.0) {
        out += QByteArray::number(qint64(number));
        return;
    }
    out += QByteArray::number(number, 'g', QLocale::FloatingPointShortest);
}

//! Value `i` of a row, written from its compact form.
void appendValue(QByteArray &out, const Values &row, int i)
{
    switch (row.kind(i)) {
    case Values::Null: out += "null"; return;
    case Values::Int: {
        char buf[24];
        const auto written = std::to_chars(buf, buf + sizeof buf, row.int64(i));
        out.append(buf, int(written.ptr - buf));
        return;
    }
    case Values::Real: appendNumber(out, row.real(i)); return;
    case Values::Bool: out += row.int64(i) ? "true" : "false"; return;
    case Values::Timestamp: {
        char buf[40];
        buf[0] = '"';
        const int length = formatTimestampIso(row.int64(i), buf + 1);
        buf[length + 1] = '"';
        out.append(buf, length + 2);
        return;
    }
    case Values::Utf8: {
        const QByteArrayView text = row.utf8(i);
        // Text that is not valid UTF-8 goes through QString, which replaces the broken sequences.
        if (text.isValidUtf8())
            appendUtf8(out, text);
        else
            appendString(out, QString::fromUtf8(text));
        return;
    }
    case Values::Variant: appendJson(out, row.variant(i)); return;
    }
}

//! Writes the members of one JSON object, a comma before each but the first.
class JsonObjectWriter
{
public:
    explicit JsonObjectWriter(QByteArray &out) : m_out(out) { }

    void key(const QString &name)
    {
        if (!m_first)
            m_out += ',';
        m_first = false;
        appendString(m_out, name);
        m_out += ':';
    }

    //! The attributes of a row (the projected ones when there is a projection) as members.
    void row(const Model *model, const Values &values, const QVector<int> &projection,
             const QStringList &keys = {})
    {
        if (!model)
            return;
        if (projection.isEmpty()) {
            for (int i = 0; i < int(model->attributes.size()); ++i) {
                key(model->attributes.at(i).name);
                appendValue(m_out, values, i);
            }
        } else {
            for (int j = 0; j < projection.size(); ++j) {
                const int i = projection.at(j);
                key(j < keys.size() ? keys.at(j) : model->attributes.at(i).name);
                appendValue(m_out, values, i);
            }
        }
    }

private:
    QByteArray &m_out;
    bool m_first = true;
};

// An include's value: an array for to-many, else the record or null.
void appendIncluded(QByteArray &out, const Included &include)
{
    if (include.many) {
        out += '[';
        for (size_t i = 0; i < include.records.size(); ++i) {
            if (i)
                out += ',';
            appendJson(out, include.records[i]);
        }
        out += ']';
    } else if (include.records.empty()) {
        out += "null";
    } else {
        appendJson(out, include.records.front());
    }
}

void appendMap(QByteArray &out, const QVariantMap &map)
{
    out += '{';
    bool first = true;
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!first)
            out += ',';
        first = false;
        appendString(out, it.key());
        out += ':';
        appendJson(out, it.value());
    }
    out += '}';
}

} // namespace

QString displayText(const QVariant &value)
{
    if (value.isNull())
        return QString();
    switch (value.metaType().id()) {
    case QMetaType::QDateTime: return formatTimestampIso(value.toDateTime());
    case QMetaType::QDate: return value.toDate().toString(Qt::ISODate);
    case QMetaType::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::QVariantMap:
    case QMetaType::QVariantList: return QString::fromUtf8(toJson(value));
    default: return value.toString();
    }
}

void appendJson(QByteArray &out, const Record &record)
{
    out += '{';
    JsonObjectWriter members(out);
    members.row(record.model, record.values, record.projection(),
                record.shape ? record.shape->keys : QStringList());
    if (record.hasThrough()) { // Sequelize: the join row before the record's own includes
        members.key(record.throughKey());
        out += '{';
        JsonObjectWriter(out).row(record.shape->throughModel, record.throughValues, record.shape->throughProjection);
        out += '}';
    }
    for (const Included &include : record.includes) {
        members.key(include.key);
        appendIncluded(out, include);
    }
    out += '}';
}

void appendJson(QByteArray &out, const QVariant &value)
{
    if (!value.isValid() || value.isNull()) {
        out += "null";
        return;
    }
    const int type = value.metaType().id();
    if (type == qMetaTypeId<Record>()) {
        appendJson(out, *static_cast<const Record *>(value.constData()));
        return;
    }
    if (type == qMetaTypeId<RecordList>()) {
        appendArray(out, *static_cast<const RecordList *>(value.constData()));
        return;
    }
    switch (type) {
    case QMetaType::Bool: out += value.toBool() ? "true" : "false"; return;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::Short: out += QByteArray::number(value.toLongLong()); return;
    case QMetaType::Double:
    case QMetaType::Float: appendNumber(out, value.toDouble()); return;
    case QMetaType::QDateTime: appendString(out, formatTimestampIso(value.toDateTime())); return;
    case QMetaType::QDate: appendString(out, value.toDate().toString(Qt::ISODate)); return;
    case QMetaType::QVariantList:
    case QMetaType::QStringList:
        appendArray(out, value.toList());
        return;
    case QMetaType::QVariantMap: appendMap(out, value.toMap()); return;
    case QMetaType::QJsonValue:
    case QMetaType::QJsonObject:
    case QMetaType::QJsonArray:
        appendJson(out, QJsonValue::fromVariant(value).toVariant());
        return;
    default: appendString(out, value.toString());
    }
}

QByteArray toJson(const Record &record)
{
    QByteArray out;
    appendJson(out, record);
    return out;
}

QByteArray toJson(const QVariant &value)
{
    QByteArray out;
    appendJson(out, value);
    return out;
}

} // namespace grumble
