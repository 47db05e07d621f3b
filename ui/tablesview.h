#pragma once

#include "session.h"

#include <QStyledItemDelegate>
#include <QElapsedTimer>
#include <QTableView>
#include <QWidget>

class QTabWidget;
class QLineEdit;
class QLabel;
class QComboBox;

namespace grumble {
class BackgroundReader;
class RelationalTableModel;
}

namespace grumble::ui {

//! The MIME type of dragged records: JSON {"model": ..., "keys": [{...}, ...]}.
inline constexpr char RecordsMimeType[] = "application/x-grumble-records";
QByteArray encodeRecords(const QList<RecordRef> &refs);
QList<RecordRef> decodeRecords(const QByteArray &data);

//! Edits a cell through the session: a combo box ("(none)" + parents) for foreign keys, a line edit
//! otherwise. It never writes into the item model; the session's change signal refreshes it.
class RecordDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    RecordDelegate(Session *session, RelationalTableModel *model, QObject *parent = nullptr);
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    //! Values as ValueFormat shows them (the locale's timestamps, or ISO on request).
    QString displayText(const QVariant &value, const QLocale &locale) const override;
    //! The option a cell is painted with (text, font, colours); for tests.
    QStyleOptionViewItem styleOptionFor(const QModelIndex &index) const;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;

protected:
    //! A NULL cell shows an italic, greyed "NULL"; an empty string stays empty.
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    Session *m_session;
    RelationalTableModel *m_model;
};

//! A table of one model; rows can be dragged, and records dropped onto a row are associated with it.
class RecordTableView : public QTableView
{
    Q_OBJECT
public:
    RecordTableView(Session *session, RelationalTableModel *model, QWidget *parent = nullptr);
    RelationalTableModel *recordModel() const { return m_model; }
    RecordRef currentRecord() const;
    QList<RecordRef> selectedRecords() const;
    //! Selects the row of a record (fetching rows as needed); false if not found.
    bool selectRecord(const RecordRef &ref);
    //! Associates dropped records with the record of a row: the accessor that would be called, or "".
    QString dropAccessor(const QString &droppedModel, QString *assocAlias = nullptr) const;
    //! What a drop does; for tests too.
    bool dropRecords(const QList<RecordRef> &refs, int row);

    //! Type-to-search: one statement (RelationalTableModel::findText()), off the UI thread with a
    //! background reader (the keys typed meanwhile add to the search); never a walk of the pages.
    void keyboardSearch(const QString &search) override;

signals:
    //! The rows were painted (after each paint of the viewport).
    void painted();

protected:
    //! Paints, then (once the rows are on screen) lets the model count the rest of the table.
    void paintEvent(QPaintEvent *event) override;
    QItemSelectionModel::SelectionFlags selectionCommand(const QModelIndex &index, const QEvent *event) const override;
    void startDrag(Qt::DropActions supportedActions) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    //! A background search's answer: the row becomes current (if no key came since).
    void showFound(int row, int column);
    Session *m_session;
    RelationalTableModel *m_model;
    QString m_search;          //!< the text typed so far
    QElapsedTimer m_searchClock; //!< since the last key of the search
};

//! One table view per model and join table, with add/delete/filter, following the session.
class TablesView : public QWidget
{
    Q_OBJECT
public:
    explicit TablesView(Session *session, QWidget *parent = nullptr);
    ~TablesView() override;

    RecordTableView *tableFor(const QString &model) const;
    QStringList modelNames() const;
    void showModel(const QString &model);
    QString currentModel() const;
    RecordRef currentRecord() const;

public slots:
    void addRow();
    void deleteSelected();
    void refresh();
    //! Selects a record's row (switching to its table).
    bool selectRecord(const RecordRef &ref);

signals:
    void currentRecordChanged(const grumble::ui::RecordRef &ref);

private:
    void refreshTable(int index);
    //! Shows in the banner why the current table could not be read (e.g. the database has no such
    //! table), or hides a banner that said so before.
    void showReadError();
    //! Tab titles with the counts known so far; the missing ones are counted after the next paint.
    void updateTabTitles();
    //! Runs the counts left for after the first rows were painted (tables, then titles).
    void finishCounts();
    void scheduleCounts();
    //! The "N rows" label: the current table's rows, "No rows match …" for an empty filter result.
    void updateRowCount();
    Session *m_session;
    QTabWidget *m_tabs;
    QLineEdit *m_filter;
    QComboBox *m_filterColumn;
    QLabel *m_banner;
    QLabel *m_rowCount;
    bool m_bannerShowsReadError = false;
    QList<RecordTableView *> m_views;
    grumble::BackgroundReader *m_reader = nullptr; //!< counts and searches off the UI thread
    QVector<bool> m_stale;
    QVector<qint64> m_titleCounts; //!< each table's row count for its tab title; -1: to count
    bool m_painted = false;        //!< a table has painted its rows
    bool m_countsScheduled = false;
};

} // namespace grumble::ui
