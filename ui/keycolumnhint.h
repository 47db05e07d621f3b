#pragma once

#include <QObject>
#include <QString>

class QModelIndex;

namespace grumble {
class RelationalTableModel;
class Schema;
}

namespace grumble::ui {

class RecordTableView;

//! Why the cells of primary-key columns cannot be edited in a table, told where the user tries: a
//! saved row's primary key is never changed (Engine::update ignores it, as Sequelize's update()
//! does), so RelationalTableModel::flags() leaves ItemIsEditable off those columns. Watching a
//! RecordTableView, this shows the reason as the cell's tooltip and emits it as message() on a
//! double-click or F2 on such a cell; for a join table it points to the Associations panel.
class KeyColumnHint : public QObject
{
    Q_OBJECT
public:
    //! Watches `view` (and its viewport) of a model of `schema`; the hint is a child of the view.
    static KeyColumnHint *watch(RecordTableView *view, const Schema &schema);

    //! The sentence for a cell, or "" when the cell is not a read-only key cell.
    static QString reasonFor(const Schema &schema, const RelationalTableModel &model, const QModelIndex &index);

signals:
    //! An edit was tried on a read-only key cell: the reason, for the status bar.
    void message(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    KeyColumnHint(RecordTableView *view, const Schema &schema);
    RecordTableView *m_view;
    const Schema &m_schema;
};

} // namespace grumble::ui
