// Row locks of the multi-statement accessors (see rowlocks.h).

#include "rowlocks.h"

namespace grumble {

QString rowLockClause(const Dialect &dialect)
{
    return dialect.name() == QLatin1String("postgres") ? QStringLiteral(" FOR NO KEY UPDATE") : QString();
}

Result<void> lockSourceRow(AccessorContext &call, const Attribute &key, const QVariant &value)
{
    EngineCore &core = call.core;
    const QString lock = rowLockClause(core.dialect);
    if (lock.isEmpty())
        return {};
    auto cursor = core.exec(SqlFragment(QStringLiteral("SELECT 1 FROM ") + core.table(call.source)
                                        + QStringLiteral(" WHERE "))
                            << core.equals(QString(), key, value) << lock);
    if (!cursor)
        return cursor.error();
    (*cursor)->finish();
    return {};
}

} // namespace grumble
