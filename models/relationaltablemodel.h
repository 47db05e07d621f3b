#pragma once

#include "engine.h"

#include <QHash>
#include <QSqlRelationalTableModel>

namespace grumble {

//! The table of one model as a QSqlRelationalTableModel: LEFT JOIN (rows with a NULL key stay),
//! every foreign key shown by its parent's display column, and the raw key values kept in hidden
//! trailing columns so a row can always be traced back to its record. Rows are fetched lazily.
//! Read-only by intent: edits go through the engine (a session), then the model re-selects.
class RelationalTableModel : public QSqlRelationalTableModel
{
    Q_OBJECT
public:
    RelationalTableModel(Engine &engine, const Model &model, QObject *parent = nullptr);

    const Model &schemaModel() const { return *m_model; }
    //! The column showing an attribute (-1 if none).
    int columnOf(const QString &attribute) const { return m_columnOf.value(attribute, -1); }
    //! The attribute a column shows; empty for the hidden key columns.
    QString attributeAt(int column) const;
    //! Columns that show attributes; the hidden key columns follow them.
    int attributeColumnCount() const { return m_attributeColumns; }
    //! The stored value of an attribute in a row (the id, not the parent's name).
    QVariant rawValue(int row, const QString &attribute) const;
    //! The primary key of a row as {attribute: value}.
    QVariantMap keyOf(int row) const;
    //! The row (among those fetched so far, fetching more up to `limit` rows) with this key, or -1.
    int findRow(const QVariantMap &key, int limit = 100000);

    //! Keeps rows whose `attribute` contains `text` (bound as a quoted literal); empty clears.
    void setTextFilter(const QString &attribute, const QString &text);

    //! The attribute shown for a record of `m` in lists and combo boxes ("name" if present).
    static QString displayAttribute(const Model &m);

    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

protected:
    QString selectStatement() const override;

private:
    Engine &m_engine;
    const Model *m_model;
    QHash<QString, int> m_columnOf;
    QStringList m_keyAttributes; //!< attributes with a hidden raw column, in order
    QStringList m_fields; //!< the table's columns, in order
    int m_attributeColumns = 0;
    bool m_hasRelations = false;
};

} // namespace grumble
