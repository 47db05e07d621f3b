#pragma once

#include "schemacheck.h"

#include <QAbstractTableModel>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QTableView;

namespace grumble::ui {

class Session;

//! The differences between a schema and a database, a row each: kind, table, column, expected,
//! actual, meaning (the one-line message as the row's tooltip).
class SchemaDifferenceModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { KindColumn, TableColumn, ColumnColumn, ExpectedColumn, ActualColumn, MeaningColumn, ColumnCount };

    explicit SchemaDifferenceModel(QObject *parent = nullptr);

    void setDifferences(QVector<SchemaDifference> differences);
    const QVector<SchemaDifference> &differences() const { return m_differences; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVector<SchemaDifference> m_differences;
};

//! View › Schema check: the differences between the loaded schema and the database, with a
//! Refresh button; when the schema was read from the database itself, says there is nothing to
//! compare, how to load a schema, and lists the inference notes.
class SchemaCheckView : public QWidget
{
    Q_OBJECT
public:
    explicit SchemaCheckView(Session *session, QWidget *parent = nullptr);

    SchemaDifferenceModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLabel *summary() const { return m_summary; }
    QListWidget *notes() const { return m_notes; }

    //! Reads the database's catalog again and lists the differences.
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showNothingToCompare();

    Session *m_session;
    SchemaDifferenceModel *m_model;
    QLabel *m_summary;
    QPushButton *m_refresh;
    QTableView *m_table;
    QLabel *m_notesTitle;
    QListWidget *m_notes;
    bool m_checked = false;
};

} // namespace grumble::ui
