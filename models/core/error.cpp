#include "error.h"

#include <QStringList>

namespace grumble {

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::UnknownModel: return QStringLiteral("UnknownModel");
    case ErrorKind::UnknownAssociation: return QStringLiteral("UnknownAssociation");
    case ErrorKind::UnknownAttribute: return QStringLiteral("UnknownAttribute");
    case ErrorKind::Validation: return QStringLiteral("Validation");
    case ErrorKind::ForeignKey: return QStringLiteral("ForeignKey");
    case ErrorKind::UniqueConstraint: return QStringLiteral("UniqueConstraint");
    case ErrorKind::NotFound: return QStringLiteral("NotFound");
    case ErrorKind::Schema: return QStringLiteral("Schema");
    case ErrorKind::Syntax: return QStringLiteral("Syntax");
    case ErrorKind::Connection: return QStringLiteral("Connection");
    case ErrorKind::Database: return QStringLiteral("Database");
    case ErrorKind::Conflict: return QStringLiteral("Conflict");
    }
    return QStringLiteral("Database");
}

QString Error::kindName() const
{
    return errorKindName(kind);
}

QString Error::toString() const
{
    QString text = kindName() + QStringLiteral(": ") + message;
    if (!sql.isEmpty()) {
        text += QStringLiteral("\n  SQL: ") + sql;
        if (!bindings.isEmpty()) {
            QStringList values;
            for (const QVariant &binding : bindings)
                values << (binding.isNull() ? QStringLiteral("NULL") : binding.toString());
            text += QStringLiteral("\n  bindings: [") + values.join(QStringLiteral(", ")) + QLatin1Char(']');
        }
    }
    return text;
}

} // namespace grumble
