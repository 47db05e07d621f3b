// JavaScript spelling for the Sequelize export: string literals, keys, default values, data types.

#include "sequelizecode_p.h"
#include "inflection.h"

#include <QJsonDocument>
#include <QJsonValue>
#include <QRegularExpression>

namespace grumble::sequelizecode {

QString jsString(const QString &text)
{
    QString out = QStringLiteral("'");
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '\\':
            out += QStringLiteral("\\\\");
            break;
        case '\'':
            out += QStringLiteral("\\'");
            break;
        case '\n':
            out += QStringLiteral("\\n");
            break;
        case '\r':
            out += QStringLiteral("\\r");
            break;
        case '\t':
            out += QStringLiteral("\\t");
            break;
        default:
            if (c.unicode() < 0x20 || c.unicode() == 0x2028 || c.unicode() == 0x2029)
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('\'');
}

namespace {

bool isIdentifier(const QString &name)
{
    static const QRegularExpression identifier(QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$]*$"));
    static const QStringList reserved = { QStringLiteral("class"),   QStringLiteral("function"),
                                          QStringLiteral("new"),     QStringLiteral("delete"),
                                          QStringLiteral("default"), QStringLiteral("this") };
    return identifier.match(name).hasMatch() && !reserved.contains(name);
}

} // namespace

QString jsKey(const QString &name)
{
    return isIdentifier(name) ? name : jsString(name);
}

QString jsMember(const QString &object, const QString &name)
{
    return isIdentifier(name) ? object + QLatin1Char('.') + name
                              : object + QLatin1Char('[') + jsString(name) + QLatin1Char(']');
}

QString jsLiteral(const QVariant &value)
{
    switch (value.metaType().id()) {
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return value.toString();
    case QMetaType::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QMetaType::QString:
        return jsString(value.toString());
    default:
        break;
    }
    const QJsonValue json = QJsonValue::fromVariant(value);
    if (json.isObject())
        return QString::fromUtf8(QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact));
    if (json.isArray())
        return QString::fromUtf8(QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact));
    return jsString(value.toString());
}

QString typeCode(const Attribute &attribute, const QString &dataTypes)
{
    if (attribute.type == DataType::Raw)
        return jsString(attribute.sqlType);
    const QString name = dataTypes + QLatin1Char('.') + dataTypeName(attribute.type);
    if (attribute.type == DataType::String && attribute.length != 255)
        return name + QStringLiteral("(%1)").arg(attribute.length);
    return name;
}

QString defaultCode(const Attribute &attribute, const QString &literalOwner)
{
    if (attribute.defaultValue.isValid() && !attribute.defaultValue.isNull())
        return jsLiteral(attribute.defaultValue);
    if (!attribute.defaultSql.isEmpty())
        return literalOwner + QStringLiteral(".literal(") + jsString(attribute.defaultSql)
                + QLatin1Char(')');
    return {};
}

QString className(const QString &model)
{
    QString name;
    for (const QChar c : model)
        name += (c.isLetterOrNumber() && c.unicode() < 128) || c == QLatin1Char('_')
                ? c
                : QLatin1Char('_');
    if (name.isEmpty() || name.at(0).isDigit())
        name.prepend(QLatin1Char('_'));
    name = inflection::upperFirst(name);
    static const QStringList taken = { QStringLiteral("Model"), QStringLiteral("DataTypes"),
                                       QStringLiteral("Sequelize"), QStringLiteral("Object") };
    return taken.contains(name) ? name + QStringLiteral("Model") : name;
}

} // namespace grumble::sequelizecode
