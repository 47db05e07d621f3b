#include "schemacheckview.h"

#include "session.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace grumble::ui {

SchemaDifferenceModel::SchemaDifferenceModel(QObject *parent) : QAbstractTableModel(parent) { }

void SchemaDifferenceModel::setDifferences(QVector<SchemaDifference> differences)
{
    beginResetModel();
    m_differences = std::move(differences);
    endResetModel();
}

int SchemaDifferenceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_differences.size());
}

int SchemaDifferenceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(ColumnCount);
}

QVariant SchemaDifferenceModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_differences.size() || index.column() >= ColumnCount)
        return QVariant();
    const SchemaDifference &d = m_differences.at(index.row());
    if (role == Qt::ToolTipRole)
        return d.line() + QStringLiteral("\n") + d.meaning;
    if (role != Qt::DisplayRole)
        return QVariant();
    switch (index.column()) {
    case KindColumn: return schemaDifferenceKindName(d.kind);
    case TableColumn: return d.table;
    case ColumnColumn: return d.column;
    case ExpectedColumn: return d.expected;
    case ActualColumn: return d.actual;
    case MeaningColumn: return d.meaning;
    default: return QVariant();
    }
}

QVariant SchemaDifferenceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KindColumn: return tr("Difference");
    case TableColumn: return tr("Table");
    case ColumnColumn: return tr("Column");
    case ExpectedColumn: return tr("Schema");
    case ActualColumn: return tr("Database");
    case MeaningColumn: return tr("What it means");
    default: return QVariant();
    }
}

SchemaCheckView::SchemaCheckView(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_model(new SchemaDifferenceModel(this))
{
    setObjectName(QStringLiteral("schemaCheck"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("checkSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_refresh = new QPushButton(style()->standardIcon(QStyle::SP_BrowserReload), tr("Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("refreshCheck"));
    m_refresh->setToolTip(tr("Read the database's tables, keys and indexes again and compare"));
    connect(m_refresh, &QPushButton::clicked, this, &SchemaCheckView::refresh);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("differences"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(SchemaDifferenceModel::MeaningColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents); // the meaning wraps
    m_notesTitle = new QLabel(tr("<b>How the schema was inferred</b>"), this);
    m_notes = new QListWidget(this);
    m_notes->setObjectName(QStringLiteral("inferenceNotes"));
    m_notes->setWordWrap(true);

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_refresh, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 3);
    layout->addWidget(m_notesTitle);
    layout->addWidget(m_notes, 2);
}

void SchemaCheckView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_checked)
        refresh();
}

void SchemaCheckView::showNothingToCompare()
{
    m_model->setDifferences({});
    m_table->hide();
    m_summary->setText(tr("The schema was read from this database, so there is nothing to compare it with. "
                          "To check a schema of your own against the database, load it with File › Open schema… "
                          "(or start Grumble with --schema FILE); on the command line: grumble check --db URL "
                          "--schema FILE."));
    m_notes->clear();
    m_notes->addItems(m_session->inferenceNotes());
    m_notesTitle->setVisible(m_notes->count() > 0);
    m_notes->setVisible(m_notes->count() > 0);
}

void SchemaCheckView::refresh()
{
    m_checked = true;
    if (!m_session)
        return;
    if (m_session->schemaSource() == SchemaSource::Database) {
        showNothingToCompare();
        return;
    }
    m_notesTitle->hide();
    m_notes->hide();
    m_table->show();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto differences = m_session->checkSchema();
    QApplication::restoreOverrideCursor();
    if (!differences) {
        m_model->setDifferences({});
        m_summary->setText(tr("Could not read the database: %1").arg(differences.error().toString()));
        return;
    }
    m_model->setDifferences(*differences);
    m_summary->setText(differences->isEmpty()
                               ? tr("The database matches the schema: every table, column, type, NULL-ability, "
                                    "foreign key and key the schema declares is there, and nothing else.")
                               : tr("%n difference(s) between the schema and the database. Sync… (File menu) "
                                    "creates missing tables; other differences need a migration or a schema "
                                    "change.",
                                    nullptr, int(differences->size())));
    m_table->resizeColumnsToContents();
    for (int c = 0; c < SchemaDifferenceModel::MeaningColumn; ++c)
        m_table->setColumnWidth(c, qMin(m_table->columnWidth(c), 260));
}

} // namespace grumble::ui
