#include "sqllogmodel.h"

#include "record.h"

namespace grumble {

SqlLogModel::SqlLogModel(QObject *parent) : QAbstractTableModel(parent) { }

int SqlLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int SqlLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SqlLogModel::bindingsText(const QVariantList &bindings)
{
    QStringList parts;
    for (const QVariant &v : bindings) {
        if (v.isNull())
            parts << QStringLiteral("NULL");
        else if (v.metaType().id() == QMetaType::QString)
            parts << QLatin1Char('\'') + v.toString() + QLatin1Char('\'');
        else
            parts << displayText(v);
    }
    return parts.join(QStringLiteral(", "));
}

QVariant SqlLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const SqlLogEntry &e = m_entries.at(size_t(index.row()));
    if (role == EntryOkRole)
        return e.ok;
    if (role == Qt::ToolTipRole && index.column() == SqlColumn)
        return e.ok ? e.sql : e.sql + QStringLiteral("\n\nError: ") + e.error;
    if (role == Qt::TextAlignmentRole && (index.column() == DurationColumn || index.column() == RowsColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return e.at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case ActionColumn:
        return e.context;
    case SqlColumn:
        return e.ok ? e.sql : QStringLiteral("✗ ") + e.sql;
    case BindingsColumn:
        return bindingsText(e.bindings);
    case DurationColumn:
        return QString::number(double(e.micros) / 1000.0, 'f', 3);
    case RowsColumn:
        return e.rows < 0 ? QString() : QString::number(e.rows);
    }
    return {};
}

QVariant SqlLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return QStringLiteral("Time");
    case ActionColumn: return QStringLiteral("Action");
    case SqlColumn: return QStringLiteral("SQL");
    case BindingsColumn: return QStringLiteral("Bindings");
    case DurationColumn: return QStringLiteral("ms");
    case RowsColumn: return QStringLiteral("Rows");
    }
    return {};
}

void SqlLogModel::append(const SqlLogEntry &entry)
{
    if (entry.control && !m_showControl)
        return;
    if (int(m_entries.size()) >= m_capacity) {
        const int drop = int(m_entries.size()) - m_capacity + qMax(1, m_capacity / 10);
        beginRemoveRows({}, 0, drop - 1);
        m_entries.erase(m_entries.begin(), m_entries.begin() + drop);
        endRemoveRows();
    }
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.push_back(entry);
    endInsertRows();
}

void SqlLogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

} // namespace grumble
