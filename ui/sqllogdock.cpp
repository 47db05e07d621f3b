#include "sqllogdock.h"

#include "sqllogmodel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace grumble::ui {

SqlLogWidget::SqlLogWidget(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    auto *row = new QHBoxLayout;
    auto *control = new QCheckBox(tr("Show BEGIN/COMMIT"), this);
    control->setObjectName(QStringLiteral("showControl"));
    control->setToolTip(tr("Also list transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT); remembered"));
    auto *follow = new QCheckBox(tr("Follow"), this);
    follow->setChecked(true);
    auto *copy = new QPushButton(style()->standardIcon(QStyle::SP_FileDialogContentsView), tr("Copy SQL"), this);
    auto *clear = new QPushButton(style()->standardIcon(QStyle::SP_DialogResetButton), tr("Clear"), this);
    row->addWidget(control);
    row->addWidget(follow);
    row->addStretch();
    row->addWidget(copy);
    row->addWidget(clear);
    layout->addLayout(row);
    m_model = new SqlLogModel(this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("sqlLog"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_view->setWordWrap(false);
    m_view->setAlternatingRowColors(true);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *h = m_view->horizontalHeader();
    h->resizeSection(SqlLogModel::TimeColumn, 100);
    h->resizeSection(SqlLogModel::ActionColumn, 190);
    h->resizeSection(SqlLogModel::BindingsColumn, 200);
    h->resizeSection(SqlLogModel::DurationColumn, 70);
    h->resizeSection(SqlLogModel::RowsColumn, 60);
    // The statement takes the width the dock has (it was the narrow Rows column that stretched).
    h->setStretchLastSection(false);
    h->setSectionResizeMode(SqlLogModel::SqlColumn, QHeaderView::Stretch);
    layout->addWidget(m_view);
    // Remembered across runs.
    const bool showControl = QSettings().value(QLatin1String(ShowControlSetting), false).toBool();
    control->setChecked(showControl);
    m_model->setShowControl(showControl);
    connect(control, &QCheckBox::toggled, this, [this](bool on) {
        m_model->setShowControl(on);
        QSettings().setValue(QLatin1String(ShowControlSetting), on);
    });
    connect(follow, &QCheckBox::toggled, this, [this](bool on) { m_follow = on; });
    connect(clear, &QPushButton::clicked, m_model, &SqlLogModel::clear);
    connect(copy, &QPushButton::clicked, this, [this] {
        QStringList out;
        const auto rows = m_view->selectionModel()->selectedRows();
        for (const QModelIndex &i : rows)
            out << m_model->entry(i.row()).sql + QStringLiteral(";  -- ") + SqlLogModel::bindingsText(m_model->entry(i.row()).bindings);
        QApplication::clipboard()->setText(out.join(QLatin1Char('\n')));
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow)
            m_view->scrollToBottom();
    });
}

void SqlLogWidget::attach(SqlLog *log)
{
    disconnect(m_conn);
    m_model->clear();
    if (log)
        m_conn = connect(log, &SqlLog::executed, m_model, &SqlLogModel::append);
}

} // namespace grumble::ui
