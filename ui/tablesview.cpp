#include "tablesview.h"

#include "backgroundreader.h"
#include "dialogs.h"
#include "relationaltablemodel.h"
#include "valueformat.h"

#include <QApplication>
#include <QComboBox>
#include <QDrag>
#include <QDragEnterEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QScrollBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QScopedValueRollback>
#include <QVBoxLayout>

namespace grumble::ui {

QByteArray encodeRecords(const QList<RecordRef> &refs)
{
    QJsonObject o;
    QJsonArray keys;
    for (const RecordRef &r : refs) {
        o.insert(QStringLiteral("model"), r.model);
        keys.append(QJsonObject::fromVariantMap(r.key));
    }
    o.insert(QStringLiteral("keys"), keys);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QList<RecordRef> decodeRecords(const QByteArray &data)
{
    QList<RecordRef> out;
    const QJsonObject o = QJsonDocument::fromJson(data).object();
    const QString model = o.value(QStringLiteral("model")).toString();
    const QJsonArray keys = o.value(QStringLiteral("keys")).toArray();
    for (const QJsonValue &k : keys)
        out << RecordRef{ model, k.toObject().toVariantMap() };
    return out;
}

// ---- RecordDelegate ----

RecordDelegate::RecordDelegate(Session *session, RelationalTableModel *model, QObject *parent)
    : QStyledItemDelegate(parent), m_session(session), m_model(model)
{
}

QWidget *RecordDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Attribute *a = m_model->schemaModel().attribute(m_model->attributeAt(index.column()));
    if (!a || a->referencesModel.isEmpty())
        return QStyledItemDelegate::createEditor(parent, option, index);
    auto *combo = new QComboBox(parent);
    combo->setObjectName(QStringLiteral("foreignKeyCombo"));
    combo->addItem(tr("(none)"), QVariant());
    auto parents = m_session->search(a->referencesModel, QString(), 5000);
    if (parents) {
        for (const Record &r : *parents)
            combo->addItem(m_session->displayName(r), r.value(a->referencesKey.isEmpty() ? QStringLiteral("id") : a->referencesKey));
    }
    return combo;
}

QString RecordDelegate::displayText(const QVariant &value, const QLocale &locale) const
{
    // The model's timestamps are UTC QDateTimes on every database: shown in the user's format.
    return ValueFormat::text(value, locale);
}

void RecordDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (m_model->isReading()) // the old order's rows, until the new one's come: greyed
        option->palette.setColor(QPalette::Text, option->palette.color(QPalette::Disabled, QPalette::Text));
    if (index.data(RelationalTableModel::NullRole).toBool()) {
        option->features |= QStyleOptionViewItem::HasDisplay;
        option->text = QLatin1String(NullText);
        ValueFormat::styleNull(option->font, option->palette);
    }
}

QStyleOptionViewItem RecordDelegate::styleOptionFor(const QModelIndex &index) const
{
    QStyleOptionViewItem option;
    initStyleOption(&option, index);
    return option;
}

void RecordDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        const QVariant raw = m_model->rawValue(index.row(), m_model->attributeAt(index.column()));
        int at = 0;
        for (int i = 1; i < combo->count(); ++i) {
            if (!raw.isNull() && combo->itemData(i).toString() == raw.toString())
                at = i;
        }
        combo->setCurrentIndex(at);
        return;
    }
    QStyledItemDelegate::setEditorData(editor, index);
}

void RecordDelegate::setModelData(QWidget *editor, QAbstractItemModel *, const QModelIndex &index) const
{
    const QString attribute = m_model->attributeAt(index.column());
    QVariant value;
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        value = combo->currentData();
    } else {
        const QByteArray prop = editor->metaObject()->userProperty().name();
        value = editor->property(prop.constData());
        if (value.metaType().id() == QMetaType::QString && value.toString().isEmpty()
            && m_model->rawValue(index.row(), attribute).isNull())
            return; // an untouched NULL stays NULL
    }
    const QVariant old = m_model->rawValue(index.row(), attribute);
    if (old.toString() == value.toString() && old.isNull() == value.isNull())
        return;
    RecordRef ref{ m_model->schemaModel().name, m_model->keyOf(index.row()) };
    Session *session = m_session;
    // After the editor has closed: the update re-selects the table.
    // `old` is what the user saw: changed meanwhile by another writer, the edit is refused (Conflict).
    QTimer::singleShot(0, session, [session, ref, attribute, value, old] {
        (void)session->updateRecord(ref, { { attribute, value } }, { { attribute, old } });
    });
}

// ---- RecordTableView ----

RecordTableView::RecordTableView(Session *session, RelationalTableModel *model, QWidget *parent)
    : QTableView(parent), m_session(session), m_model(model)
{
    setModel(model);
    setItemDelegate(new RecordDelegate(session, model, this));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setTabKeyNavigation(false); // Tab leaves the table (to the association panel), Ctrl+Tab switches tabs
    // No sort column at first: rows come in primary-key order, page by page (keyset).
    horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    setSortingEnabled(true);
    setAlternatingRowColors(true);
    setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    setDragEnabled(true);
    setAcceptDrops(true);
    setDropIndicatorShown(true);
    setDragDropMode(QAbstractItemView::DragDrop);
    setDefaultDropAction(Qt::LinkAction);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    // Every row the same height: a million rows need no per-row layout, only the page in view is read.
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->hide();
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setHighlightSections(false);
    for (int c = model->attributeColumnCount(); c < model->columnCount(); ++c)
        setColumnHidden(c, true);
    setObjectName(QStringLiteral("table:") + model->schemaModel().name);
    connect(model, &RelationalTableModel::textFound, this, &RecordTableView::showFound);
    connect(model, &RelationalTableModel::rowsRead, this, &RecordTableView::onRowsRead);
    connect(model, &RelationalTableModel::rowFound, this, &RecordTableView::onRowFound);
    m_clock.start();
}

void RecordTableView::keyPressEvent(QKeyEvent *event)
{
    const QScopedValueRollback<bool> inKeyPress(m_inKeyPress, true);
    m_keyTimestamp = event->timestamp();
    QTableView::keyPressEvent(event);
}

void RecordTableView::keyboardSearch(const QString &search)
{
    if (search.isEmpty()) {
        m_search.clear();
        return;
    }
    // The typing rhythm is the user's: key events' timestamps (synthetic ones all say 0: typed at
    // once), the clock only for a call without a key event.
    const qint64 at = m_inKeyPress ? qint64(m_keyTimestamp) : m_clock.elapsed();
    const bool goesOn = !m_search.isEmpty() && m_searchByKeys == m_inKeyPress && at >= m_searchAt
            && at - m_searchAt <= QApplication::keyboardInputInterval();
    m_searchAt = at;
    m_searchByKeys = m_inKeyPress;
    if (goesOn) {
        m_search += search;
    } else {
        // A new search starts after the current row; the text typed on is searched from there too.
        const QModelIndex current = currentIndex();
        m_search = search;
        m_searchFrom = current.isValid() ? current.row() + 1 : 0;
        m_searchColumn = current.isValid() ? current.column() : 0;
    }
    m_model->findTextInBackground(m_searchColumn, m_search, m_searchFrom, Qt::MatchStartsWith | Qt::MatchWrap);
}

void RecordTableView::showFound(int row, int column)
{
    if (row < 0 || m_search.isEmpty())
        return; // nothing found, or the search ended (a click, a key) before its answer came
    goToRow(row, column);
}

void RecordTableView::goToRow(int row, int column)
{
    m_pendingRow = -1;
    const QModelIndex i = m_model->index(row, column);
    if (!i.isValid())
        return;
    if (m_model->readsInBackground() && !m_model->isRowLoaded(row)) {
        m_pendingRow = row;
        m_pendingColumn = column;
        m_model->fetchRow(row);
        scrollTo(i);
        return;
    }
    {
        const QScopedValueRollback<bool> bySearch(m_movingBySearch, true);
        setCurrentIndex(i);
    }
    scrollTo(i);
}

void RecordTableView::followRecord(const RecordRef &ref)
{
    if (ref.model != m_model->schemaModel().name || !ref.isValid())
        return;
    m_followKey = ref.key;
    m_model->findRowInBackground(ref.key);
}

void RecordTableView::onRowFound(const QVariantMap &key, int row)
{
    if (key != m_followKey)
        return;
    m_followKey.clear();
    if (!m_search.isEmpty() || m_pendingRow >= 0)
        return; // the user's search (or a row on its way) goes first
    const QModelIndex current = currentIndex();
    if (row >= 0 && (!current.isValid() || current.row() != row))
        goToRow(row, qMax(0, current.column()));
}

void RecordTableView::onRowsRead(int first, int last)
{
    if (m_pendingRow >= first && m_pendingRow <= last)
        goToRow(m_pendingRow, m_pendingColumn);
    const int current = currentIndex().row();
    if (current >= first && current <= last)
        emit currentRowRead();
}

void RecordTableView::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QTableView::currentChanged(current, previous);
    if (current.row() != previous.row())
        m_followKey.clear(); // the current row moved on: no record to follow any more
    if (!m_movingBySearch && current.row() != previous.row()) {
        m_search.clear(); // a click, a key or a reset ends the search
        m_pendingRow = -1;
    }
}

QItemSelectionModel::SelectionFlags RecordTableView::selectionCommand(const QModelIndex &index, const QEvent *event) const
{
    // A key that moves the current row selects it, Ctrl held or not (Ctrl+Space still toggles):
    // the panel (current row) and Delete (selection) never act on two different rows.
    const auto *key = event && event->type() == QEvent::KeyPress ? static_cast<const QKeyEvent *>(event) : nullptr;
    if (key && key->modifiers() == Qt::ControlModifier && key->key() != Qt::Key_Space)
        return QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows;
    return QTableView::selectionCommand(index, event);
}

RecordRef RecordTableView::currentRecord() const
{
    const QModelIndex i = currentIndex();
    if (!i.isValid() || (m_model->readsInBackground() && !m_model->isRowLoaded(i.row())))
        return {}; // its page is on its way: currentRowRead() follows

    return RecordRef{ m_model->schemaModel().name, m_model->keyOf(i.row()) };
}

QList<RecordRef> RecordTableView::selectedRecords() const
{
    QList<RecordRef> out;
    const auto rows = selectionModel()->selectedRows();
    for (const QModelIndex &i : rows) {
        if (!m_model->readsInBackground() || m_model->isRowLoaded(i.row()))
            out << RecordRef{ m_model->schemaModel().name, m_model->keyOf(i.row()) };
    }
    if (out.isEmpty() && currentIndex().isValid())
        out << currentRecord();
    return out;
}

void RecordTableView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    emit painted();
}

bool RecordTableView::selectRecord(const RecordRef &ref)
{
    if (ref.model != m_model->schemaModel().name)
        return false;
    const int row = m_model->findRow(ref.key, 20000);
    if (row < 0)
        return false;
    const QModelIndex i = m_model->index(row, qMax(0, m_model->columnOf(QStringLiteral("name"))));
    setCurrentIndex(i);
    selectionModel()->select(i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    scrollTo(i);
    return true;
}

void RecordTableView::startDrag(Qt::DropActions)
{
    const QList<RecordRef> refs = selectedRecords();
    if (refs.isEmpty())
        return;
    auto *mime = new QMimeData;
    mime->setData(QLatin1String(RecordsMimeType), encodeRecords(refs));
    QStringList names;
    for (const RecordRef &r : refs.mid(0, 3))
        names << m_session->displayName(r);
    mime->setText(names.join(QStringLiteral(", ")));
    auto *drag = new QDrag(this);
    drag->setMimeData(mime);
    drag->setPixmap(style()->standardIcon(QStyle::SP_FileLinkIcon).pixmap(24));
    drag->exec(Qt::LinkAction | Qt::CopyAction, Qt::LinkAction);
}

QString RecordTableView::dropAccessor(const QString &droppedModel, QString *assocAlias) const
{
    for (const Association *as : m_session->schema().associationsOf(m_model->schemaModel().name)) {
        if (as->target != droppedModel)
            continue;
        const AccessorRole want = as->isToMany() ? AccessorRole::AddMultiple : AccessorRole::Set;
        for (const Accessor &a : as->accessors()) {
            if (a.role == want) {
                if (assocAlias)
                    *assocAlias = as->as;
                return a.name;
            }
        }
    }
    return QString();
}

bool RecordTableView::dropRecords(const QList<RecordRef> &refs, int row)
{
    if (refs.isEmpty() || row < 0)
        return false;
    const QString accessor = dropAccessor(refs.first().model);
    if (accessor.isEmpty())
        return false;
    const RecordRef self{ m_model->schemaModel().name, m_model->keyOf(row) };
    QVariantList keys;
    for (const RecordRef &r : refs)
        keys << r.key.first();
    const QVariantList args = accessor.startsWith(QLatin1String("set")) ? QVariantList{ keys.first() } : QVariantList{ QVariant(keys) };
    return m_session->callAccessor(self, accessor, args).ok();
}

void RecordTableView::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasFormat(QLatin1String(RecordsMimeType))) {
        const auto refs = decodeRecords(event->mimeData()->data(QLatin1String(RecordsMimeType)));
        if (!refs.isEmpty() && !dropAccessor(refs.first().model).isEmpty()) {
            event->setDropAction(Qt::LinkAction);
            event->accept();
            return;
        }
    }
    event->ignore();
}

void RecordTableView::dragMoveEvent(QDragMoveEvent *event)
{
    if (indexAt(event->position().toPoint()).isValid() && event->mimeData()->hasFormat(QLatin1String(RecordsMimeType))) {
        event->setDropAction(Qt::LinkAction);
        event->accept();
    } else {
        event->ignore();
    }
}

void RecordTableView::dropEvent(QDropEvent *event)
{
    const QModelIndex at = indexAt(event->position().toPoint());
    const auto refs = decodeRecords(event->mimeData()->data(QLatin1String(RecordsMimeType)));
    if (at.isValid() && dropRecords(refs, at.row())) {
        event->setDropAction(Qt::LinkAction);
        event->accept();
    } else {
        event->ignore();
    }
}

// ---- TablesView ----

TablesView::TablesView(Session *session, QWidget *parent) : QWidget(parent), m_session(session)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto *bar = new QToolBar(this);
    bar->setIconSize(QSize(16, 16));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QAction *add = bar->addAction(style()->standardIcon(QStyle::SP_FileDialogNewFolder), tr("Add row"), this, &TablesView::addRow);
    add->setObjectName(QStringLiteral("addRow"));
    add->setToolTip(tr("Create a record in this table (Ctrl+N)"));
    QAction *del = bar->addAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("Delete"), this, &TablesView::deleteSelected);
    del->setObjectName(QStringLiteral("deleteRows"));
    del->setToolTip(tr("Delete the selected records (Del); you are told first what happens to related rows"));
    del->setShortcut(QKeySequence::Delete);
    del->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QAction *ref = bar->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Refresh"), this, &TablesView::refresh);
    ref->setToolTip(tr("Read the tables again (F5)"));
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Filter "), bar));
    m_filterColumn = new QComboBox(bar);
    m_filterColumn->setToolTip(tr("Column to filter"));
    bar->addWidget(m_filterColumn);
    m_filter = new QLineEdit(bar);
    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("contains…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(220);
    bar->addWidget(m_filter);
    m_rowCount = new QLabel(bar);
    m_rowCount->setObjectName(QStringLiteral("rowCount"));
    m_rowCount->setContentsMargins(8, 0, 8, 0);
    bar->addWidget(m_rowCount);
    layout->addWidget(bar);

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("errorBanner"));
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fde2e1; color: #8a1c1c; border-bottom: 1px solid #e6b3b0; padding: 6px; }"));
    m_banner->hide();
    layout->addWidget(m_banner);

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabPosition(QTabWidget::South);
    layout->addWidget(m_tabs, 1);

    const QString url = session->engine().connection().url().original;
    if (BackgroundReader::canOpen(url))
        m_reader = new BackgroundReader(url, this);
    for (const Model &m : session->schema().models()) {
        auto *model = new RelationalTableModel(session->engine(), m, this);
        model->setBackgroundReader(m_reader);
        auto *view = new RecordTableView(session, model, m_tabs);
        // The first page only (its columns sized from it); a full one is counted after the first
        // paint, so a million-row table shows its first rows without waiting for COUNT(*).
        model->selectFirstPage();
        const int precision = view->horizontalHeader()->resizeContentsPrecision();
        view->horizontalHeader()->setResizeContentsPrecision(64); // widths from the first rows shown
        view->resizeColumnsToContents();
        view->horizontalHeader()->setResizeContentsPrecision(precision);
        for (int c = 0; c < model->attributeColumnCount(); ++c)
            view->setColumnWidth(c, qBound(60, view->columnWidth(c) + 16, 260));
        const QIcon icon = style()->standardIcon(m.isJoinModel ? QStyle::SP_FileLinkIcon : QStyle::SP_FileDialogDetailedView);
        m_tabs->addTab(view, icon, m.tableName);
        m_tabs->setTabToolTip(m_tabs->count() - 1, m.isJoinModel ? tr("Join table of a belongsToMany") : tr("Model %1").arg(m.name));
        m_views << view;
        m_stale << false;
        m_titleCounts << -1;
        connect(model, &RelationalTableModel::counted, this, &TablesView::updateTabTitles);
        connect(model, &RelationalTableModel::counted, this, &TablesView::updateRowCount);
        connect(model, &QAbstractItemModel::modelReset, this, &TablesView::updateRowCount);
        connect(view, &RecordTableView::painted, this, [this] {
            m_painted = true;
            scheduleCounts();
        });
        connect(view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this, view] {
            emit currentRecordChanged(view->currentRecord());
        });
        connect(view, &RecordTableView::currentRowRead, this, [this, view] {
            if (m_tabs->currentWidget() == view)
                emit currentRecordChanged(view->currentRecord());
        });
        connect(model, &RelationalTableModel::readingChanged, this, [this, view] {
            view->viewport()->update();
            updateRowCount();
            showReadError();
        });
    }
    auto fillColumns = [this] {
        m_filterColumn->clear();
        if (auto *v = qobject_cast<RecordTableView *>(m_tabs->currentWidget())) {
            for (const Attribute &a : v->recordModel()->schemaModel().attributes)
                m_filterColumn->addItem(a.name);
            m_filterColumn->setCurrentText(v->recordModel()->schemaModel().displayAttribute());
        }
    };
    fillColumns();
    showReadError();
    connect(m_tabs, &QTabWidget::currentChanged, this, [this, fillColumns](int i) {
        m_filter->clear();
        fillColumns();
        if (i >= 0 && i < m_stale.size() && m_stale.at(i))
            refreshTable(i);
        showReadError();
        if (auto *v = qobject_cast<RecordTableView *>(m_tabs->currentWidget()))
            emit currentRecordChanged(v->currentRecord());
    });
    auto applyFilter = [this] {
        if (auto *v = qobject_cast<RecordTableView *>(m_tabs->currentWidget())) {
            v->recordModel()->setTextFilter(m_filterColumn->currentText(), m_filter->text());
            v->recordModel()->selectFirstPage();
            updateTabTitles();
            showReadError();
        }
    };
    connect(m_filter, &QLineEdit::textChanged, this, applyFilter);
    connect(m_filterColumn, &QComboBox::currentTextChanged, this, [this, applyFilter] {
        if (!m_filter->text().isEmpty())
            applyFilter();
    });
    connect(ValueFormat::instance(), &ValueFormat::changed, this, [this] {
        for (RecordTableView *v : std::as_const(m_views))
            v->viewport()->update();
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, &TablesView::updateRowCount);
    connect(session, &Session::changed, this, &TablesView::refresh);
    connect(session, &Session::message, m_banner, &QLabel::hide);
    connect(session, &Session::errorOccurred, this, [this](const QString &msg) {
        m_banner->setText(tr("The database refused the change: %1").arg(msg));
        m_banner->show();
        QTimer::singleShot(8000, m_banner, &QLabel::hide);
    });
    updateTabTitles();
    updateRowCount();
}

TablesView::~TablesView() = default;

RecordTableView *TablesView::tableFor(const QString &model) const
{
    const Model *m = m_session->schema().model(model);
    for (RecordTableView *v : m_views) {
        if (m && &v->recordModel()->schemaModel() == m)
            return v;
    }
    return nullptr;
}

QStringList TablesView::modelNames() const
{
    QStringList out;
    for (RecordTableView *v : m_views)
        out << v->recordModel()->schemaModel().name;
    return out;
}

void TablesView::showModel(const QString &model)
{
    if (RecordTableView *v = tableFor(model))
        m_tabs->setCurrentWidget(v);
}

QString TablesView::currentModel() const
{
    auto *v = qobject_cast<RecordTableView *>(m_tabs->currentWidget());
    return v ? v->recordModel()->schemaModel().name : QString();
}

RecordRef TablesView::currentRecord() const
{
    auto *v = qobject_cast<RecordTableView *>(m_tabs->currentWidget());
    return v ? v->currentRecord() : RecordRef();
}

bool TablesView::selectRecord(const RecordRef &ref)
{
    RecordTableView *v = tableFor(ref.model);
    if (!v)
        return false;
    m_tabs->setCurrentWidget(v);
    return v->selectRecord(ref);
}

void TablesView::refresh()
{
    m_titleCounts.fill(-1);
    for (int i = 0; i < m_views.size(); ++i) {
        if (m_tabs->currentIndex() == i)
            refreshTable(i);
        else
            m_stale[i] = true;
    }
    updateTabTitles();
}

void TablesView::showReadError()
{
    auto *view = qobject_cast<RecordTableView *>(m_tabs->currentWidget());
    const RelationalTableModel *model = view ? view->recordModel() : nullptr;
    if (model && model->lastError()) {
        m_banner->setText(tr("The %1 table could not be read: %2")
                                  .arg(model->schemaModel().tableName, model->lastError()->message));
        m_banner->show();
        m_bannerShowsReadError = true;
    } else if (m_bannerShowsReadError) {
        m_banner->hide();
        m_bannerShowsReadError = false;
    }
}

void TablesView::refreshTable(int index)
{
    RecordTableView *v = m_views.at(index);
    const RecordRef current = v->currentRecord();
    if (v->recordModel()->readsInBackground()) {
        // A large table: the rows on screen stay while they are read again (no wait, no reset);
        // the current record is followed if the change moved it.
        v->recordModel()->reread();
        v->followRecord(current);
        m_stale[index] = false;
        return;
    }
    const int scroll = v->verticalScrollBar()->value();
    const int column = v->currentIndex().column();
    QSignalBlocker block(v->selectionModel());
    v->recordModel()->select();
    v->verticalScrollBar()->setValue(scroll);
    if (current.isValid()) {
        const int row = v->recordModel()->findRow(current.key, qMax(2000, scroll + 500));
        if (row >= 0) {
            const QModelIndex i = v->recordModel()->index(row, qMax(0, column));
            v->setCurrentIndex(i);
            v->selectionModel()->select(i, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        }
    }
    m_stale[index] = false;
    if (m_tabs->currentWidget() == v)
        showReadError();
}

void TablesView::updateTabTitles()
{
    bool missing = false;
    for (int i = 0; i < m_views.size(); ++i) {
        const RelationalTableModel *model = m_views.at(i)->recordModel();
        const Model &m = model->schemaModel();
        if (model->isSelected() && !model->isCountPending() && !model->isFiltered() && !m_stale.at(i))
            m_titleCounts[i] = model->rowCount();
        const qint64 n = m_titleCounts.at(i);
        m_tabs->setTabText(i, n >= 0 ? QStringLiteral("%1 (%2)").arg(m.tableName).arg(n) : m.tableName);
        missing |= n == -1 && !model->isCounting(); // a background count fills it in when it comes
    }
    if (missing)
        scheduleCounts();
}

void TablesView::updateRowCount()
{
    auto *v = qobject_cast<RecordTableView *>(m_tabs->currentWidget());
    const RelationalTableModel *model = v ? v->recordModel() : nullptr;
    if (!model || !model->isSelected() || model->lastError()) {
        m_rowCount->clear();
        return;
    }
    const QLocale locale;
    const int rows = model->rowCount();
    QString text;
    if (model->isReading())
        text = tr("Reading…");
    else if (model->isCountPending())
        text = tr("%1+ rows, counting…").arg(locale.toString(rows));
    else if (model->isFiltered() && rows == 0)
        text = tr("No rows match “%1” in %2").arg(m_filter->text(), m_filterColumn->currentText());
    else
        text = (rows == 1 ? tr("1 row") : tr("%1 rows").arg(locale.toString(rows)))
                + (model->isFiltered() ? tr(" match") : QString());
    m_rowCount->setText(text);
    const bool none = model->isFiltered() && rows == 0 && !model->isCountPending() && !model->isReading();
    m_rowCount->setStyleSheet(none ? QStringLiteral("QLabel { color: #8a1c1c; font-weight: bold; }") : QString());
}

void TablesView::scheduleCounts()
{
    // After a paint: the rows are on screen before the counts run.
    if (!m_painted || m_countsScheduled)
        return;
    bool pending = false;
    for (int i = 0; i < m_views.size(); ++i) {
        const RelationalTableModel *model = m_views.at(i)->recordModel();
        pending |= (m_titleCounts.at(i) == -1 || model->isCountPending()) && !model->isCounting();
    }
    if (!pending)
        return;
    m_countsScheduled = true;
    QTimer::singleShot(0, this, &TablesView::finishCounts);
}

void TablesView::finishCounts()
{
    m_countsScheduled = false;
    QList<int> order; // the current table first
    for (int i = 0; i < m_views.size(); ++i) {
        if (i == m_tabs->currentIndex())
            order.prepend(i);
        else
            order.append(i);
    }
    for (int i : order) {
        RelationalTableModel *model = m_views.at(i)->recordModel();
        model->fetchCountInBackground(); // off the UI thread where the database allows it
        if (m_titleCounts.at(i) != -1 || model->isCounting())
            continue;
        if (model->isSelected() && !model->isCountPending() && !model->isFiltered() && !m_stale.at(i)) {
            m_titleCounts[i] = model->rowCount();
        } else {
            auto n = m_session->engine().count(model->schemaModel().name);
            m_titleCounts[i] = n ? *n : -2; // -2: no count (the title shows none), not retried
        }
    }
    updateTabTitles();
}

void TablesView::addRow()
{
    auto *v = qobject_cast<RecordTableView *>(m_tabs->currentWidget());
    if (!v)
        return;
    const Model &m = v->recordModel()->schemaModel();
    QVariantMap values;
    bool needsForm = false;
    for (const Attribute &a : m.attributes)
        needsForm |= !a.allowNull && !a.autoIncrement && !a.timestamp && !a.defaultValue.isValid();
    if (needsForm) {
        // Keys that must be given (a join row's two keys): ask for them.
        RecordFormDialog d(m, {}, this);
        d.setObjectName(QStringLiteral("recordForm"));
        // An error (a missing parent) keeps the form open with the typed values.
        d.setSubmit([this, v, &m](const QVariantMap &typed) -> Result<void> {
            auto r = m_session->createRecord(m.name, typed);
            if (!r)
                return r.error();
            v->selectRecord(RecordRef::of(*r));
            return {};
        });
        d.exec();
        return;
    } else if (const Attribute *name = m.attribute(QStringLiteral("name"))) {
        values.insert(name->name, tr("New %1").arg(m.singular));
    }
    auto r = m_session->createRecord(m.name, values);
    if (r)
        v->selectRecord(RecordRef::of(*r));
}

void TablesView::deleteSelected()
{
    auto *v = qobject_cast<RecordTableView *>(m_tabs->currentWidget());
    if (!v)
        return;
    const QList<RecordRef> refs = v->selectedRecords();
    if (refs.isEmpty())
        return;
    QStringList consequences;
    QStringList names;
    for (const RecordRef &r : refs) {
        names << m_session->displayName(r);
        consequences << m_session->describeDestroy(r);
    }
    QString text = tr("Delete %1?").arg(names.join(QStringLiteral(", ")));
    const QString info = consequences.isEmpty() ? tr("No other rows refer to it.")
                                                : consequences.join(QStringLiteral(";\n")) + QLatin1Char('.');
    if (property("confirmDeletes").toBool() || !property("confirmDeletes").isValid()) {
        QMessageBox box(QMessageBox::Question, tr("Delete records"), text, QMessageBox::Yes | QMessageBox::Cancel, this);
        box.setInformativeText(info);
        box.setDefaultButton(QMessageBox::Cancel);
        box.setObjectName(QStringLiteral("confirmDelete"));
        if (box.exec() != QMessageBox::Yes)
            return;
    }
    m_session->undoStack()->beginMacro(tr("Delete %n record(s)", nullptr, int(refs.size())));
    for (const RecordRef &r : refs) {
        if (!m_session->destroyRecord(r))
            break;
    }
    m_session->undoStack()->endMacro();
}

} // namespace grumble::ui
