#pragma once

#include "connection.h"

#include <QAbstractTableModel>

#include <deque>

namespace grumble {

//! The statements of a SqlLog as a table (time, action, SQL, bindings, duration, rows), newest last.
//! Keeps at most `capacity` entries; transaction control is hidden unless asked for.
class SqlLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, ActionColumn, SqlColumn, BindingsColumn, DurationColumn, RowsColumn, ColumnCount };
    enum Roles { EntryOkRole = Qt::UserRole + 1 };

    explicit SqlLogModel(QObject *parent = nullptr);

    void setCapacity(int n) { m_capacity = qMax(1, n); }
    void setShowControl(bool show) { m_showControl = show; }
    bool showControl() const { return m_showControl; }
    const SqlLogEntry &entry(int row) const { return m_entries.at(size_t(row)); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    //! The bindings as one line: 1, 'Tom', NULL.
    static QString bindingsText(const QVariantList &bindings);

public slots:
    void append(const grumble::SqlLogEntry &entry);
    void clear();

private:
    std::deque<SqlLogEntry> m_entries;
    int m_capacity = 5000;
    bool m_showControl = false;
};

} // namespace grumble
