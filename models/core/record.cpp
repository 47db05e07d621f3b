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
    Record t;
    if (!hasThrough())
        return t;
    t.model = shape->throughModel;
    t.values = throughValues;
    if (!shape->throughProjection.isEmpty())
        t.setProjection(shape->throughProjection);
    return t;
}

QVariant Record::value(const QString &attribute) const
{
    const int i = model ? model->indexOf(attribute) : -1;
    return i >= 0 && i < values.size() ? values.at(i) : QVariant();
}

void Record::setValue(const QString &attribute, const QVariant &v)
{
    const int i = model ? model->indexOf(attribute) : -1;
    if (i < 0)
        return;
    if (values.size() < model->attributes.size())
        values.resize(int(model->attributes.size()));
    values.set(i, v);
}

QVariant Record::pk() const
{
    const int i = model ? model->pkIndex() : -1;
    return i >= 0 && i < values.size() ? values.at(i) : QVariant();
}

QString Record::label() const
{
    if (!model)
        return QStringLiteral("(none)");
    if (model->pkIndex() >= 0)
        return model->name + QLatin1Char('#') + pk().toString();
    QStringList parts;
    for (const QString &k : model->primaryKey)
        parts << k + QLatin1Char('=') + value(k).toString();
    return model->name + QLatin1Char('(') + parts.join(QLatin1Char(',')) + QLatin1Char(')');
}

const Included *Record::included(const QString &key) const
{
    for (const Included &inc : includes) {
        if (inc.key == key)
            return &inc;
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

void appendUtf8(QByteArray &out, QByteArrayView u)
{
    out += '"';
    for (char c : u) {
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

void appendString(QByteArray &out, const QString &s)
{
    appendUtf8(out, s.toUtf8());
}

void appendNumber(QByteArray &out, double d)
{
    if (!std::isfinite(d)) {
        out += "null";
        return;
    }
    if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0) {
        out += QByteArray::number(qint64(d));
        return;
    }
    out += QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
}

//! Value `i` of a row, written from its compact form.
void appendValue(QByteArray &out, const Values &v, int i)
{
    switch (v.kind(i)) {
    case Values::Null: out += "null"; return;
    case Values::Int: {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, v.int64(i));
        out.append(buf, int(r.ptr - buf));
        return;
    }
    case Values::Real: appendNumber(out, v.real(i)); return;
    case Values::Bool: out += v.int64(i) ? "true" : "false"; return;
    case Values::Timestamp: {
        char buf[40];
        buf[0] = '"';
        const int n = formatTimestampIso(v.int64(i), buf + 1);
        buf[n + 1] = '"';
        out.append(buf, n + 2);
        return;
    }
    case Values::Utf8: {
        const QByteArrayView u = v.utf8(i);
        // Text that is not valid UTF-8 goes through QString, which replaces the broken sequences.
        if (u.isValidUtf8())
            appendUtf8(out, u);
        else
            appendString(out, QString::fromUtf8(u));
        return;
    }
    case Values::Variant: appendJson(out, v.variant(i)); return;
    }
}

} // namespace

QString displayText(const QVariant &v)
{
    if (v.isNull())
        return QString();
    switch (v.metaType().id()) {
    case QMetaType::QDateTime: return formatTimestampIso(v.toDateTime());
    case QMetaType::QDate: return v.toDate().toString(Qt::ISODate);
    case QMetaType::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::QVariantMap:
    case QMetaType::QVariantList: return QString::fromUtf8(toJson(v));
    default: return v.toString();
    }
}

void appendJson(QByteArray &out, const Record &r)
{
    out += '{';
    bool first = true;
    auto key = [&](const QString &k) {
        if (!first)
            out += ',';
        first = false;
        appendString(out, k);
        out += ':';
    };
    auto row = [&](const Model *m, const Values &values, const QVector<int> &projection) {
        if (!m)
            return;
        if (projection.isEmpty()) {
            for (int i = 0; i < int(m->attributes.size()); ++i) {
                key(m->attributes.at(i).name);
                appendValue(out, values, i);
            }
        } else {
            for (int i : projection) {
                key(m->attributes.at(i).name);
                appendValue(out, values, i);
            }
        }
    };
    row(r.model, r.values, r.projection());
    for (const Included &inc : r.includes) {
        key(inc.key);
        if (inc.many) {
            out += '[';
            for (size_t j = 0; j < inc.records.size(); ++j) {
                if (j)
                    out += ',';
                appendJson(out, inc.records[j]);
            }
            out += ']';
        } else if (inc.records.empty()) {
            out += "null";
        } else {
            appendJson(out, inc.records.front());
        }
    }
    if (r.hasThrough()) {
        key(r.throughKey());
        out += '{';
        first = true;
        row(r.shape->throughModel, r.throughValues, r.shape->throughProjection);
        out += '}';
    }
    out += '}';
}

void appendJson(QByteArray &out, const QVariant &v)
{
    if (!v.isValid() || v.isNull()) {
        out += "null";
        return;
    }
    const int type = v.metaType().id();
    if (type == qMetaTypeId<Record>()) {
        appendJson(out, *static_cast<const Record *>(v.constData()));
        return;
    }
    if (type == qMetaTypeId<RecordList>()) {
        appendArray(out, *static_cast<const RecordList *>(v.constData()));
        return;
    }
    switch (type) {
    case QMetaType::Bool: out += v.toBool() ? "true" : "false"; return;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::Short: out += QByteArray::number(v.toLongLong()); return;
    case QMetaType::Double:
    case QMetaType::Float: appendNumber(out, v.toDouble()); return;
    case QMetaType::QDateTime: appendString(out, formatTimestampIso(v.toDateTime())); return;
    case QMetaType::QDate: appendString(out, v.toDate().toString(Qt::ISODate)); return;
    case QMetaType::QVariantList:
    case QMetaType::QStringList:
        appendArray(out, v.toList());
        return;
    case QMetaType::QVariantMap: {
        const QVariantMap map = v.toMap();
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
        return;
    }
    case QMetaType::QJsonValue:
    case QMetaType::QJsonObject:
    case QMetaType::QJsonArray:
        appendJson(out, QJsonValue::fromVariant(v).toVariant());
        return;
    default: appendString(out, v.toString());
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
