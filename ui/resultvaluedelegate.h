#pragma once

#include <QStyledItemDelegate>

namespace grumble::ui {

//! Paints the values of a ResultTreeModel (include browser, console) as the tables show them
//! (ValueFormat): timestamps in the user's locale, or ISO with View › ISO timestamps, and NULL as
//! an italic grey "NULL". The JSON tabs keep Sequelize's toJSON() text.
class ResultValueDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    //! Installs itself on `view` and repaints it when the timestamp format changes.
    static ResultValueDelegate *install(class QAbstractItemView *view);
    //! The option a cell is painted with (its text as the user reads it); for tests.
    QStyleOptionViewItem styleOptionFor(const QModelIndex &index) const;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    using QStyledItemDelegate::QStyledItemDelegate;
};

} // namespace grumble::ui
