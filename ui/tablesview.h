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
    //! A NULL cell shows an italic, greyed "NULL"; an empty string stays empty. While a new sort
    //! or filter is read (RelationalTableModel::isReading()) the old rows are greyed.
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
    //! background reader; never a walk of the pages. Deterministic: keys typed within
    //! QApplication::keyboardInputInterval() of each other (by the key events' timestamps, which
    //! the app's own delays do not change) extend one search, and every search of it starts from
    //! the row after the one current at its first key, so the row found is the first match of the
    //! whole typed text from there, whatever answers came while typing. A row made current
    //! otherwise (a click, a key, a reset) ends the search; an answer for an ended search is dropped.
    void keyboardSearch(const QString &search) override;
    //! The text of the search going on (empty: none).
    QString searchText() const { return m_search; }
    //! Makes a row current (and selected) once its values are in memory: at once, or when the
    //! background reader brings its page (the view scrolls there meanwhile).
    void goToRow(int row, int column);
    //! After a re-read: finds the record's row in the background and makes it current.
    void followRecord(const RecordRef &ref);

signals:
    //! The rows were painted (after each paint of the viewport).
    void painted();
    //! The current row's values came from the background reader (currentRecord() is valid now).
    void currentRowRead();

protected:
    //! Paints, then (once the rows are on screen) lets the model count the rest of the table.
    void paintEvent(QPaintEvent *event) override;
    QItemSelectionModel::SelectionFlags selectionCommand(const QModelIndex &index, const QEvent *event) const override;
    void keyPressEvent(QKeyEvent *event) override;
    void currentChanged(const QModelIndex &current, const QModelIndex &previous) override;
    void startDrag(Qt::DropActions supportedActions) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    //! A background search's answer: the row becomes current (if the search goes on).
    void showFound(int row, int column);
    void onRowsRead(int first, int last);
    void onRowFound(const QVariantMap &key, int row);
    Session *m_session;
    RelationalTableModel *m_model;
    QString m_search;            //!< the text typed so far
    int m_searchFrom = 0;        //!< the row each search of the typed text starts from
    int m_searchColumn = 0;
    qint64 m_searchAt = 0;       //!< when the last key of the search came (ms)
    bool m_searchByKeys = false; //!< m_searchAt is a key event's timestamp (else the clock)
    QElapsedTimer m_clock;       //!< for keyboardSearch() called without a key event
    bool m_inKeyPress = false;
    quint64 m_keyTimestamp = 0;  //!< the key event being handled
    bool m_movingBySearch = false; //!< the current row is being set by the search or goToRow()
    int m_pendingRow = -1;       //!< goToRow() waits for this row's page
    int m_pendingColumn = 0;
    QVariantMap m_followKey;     //!< followRecord() waits for this key's row
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
