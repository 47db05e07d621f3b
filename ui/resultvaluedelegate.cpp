#include "resultvaluedelegate.h"

#include "resulttreemodel.h"
#include "valueformat.h"

#include <QAbstractItemView>

namespace grumble::ui {

ResultValueDelegate *ResultValueDelegate::install(QAbstractItemView *view)
{
    auto *delegate = new ResultValueDelegate(view);
    view->setItemDelegate(delegate);
    connect(ValueFormat::instance(), &ValueFormat::changed, view->viewport(), [view] { view->viewport()->update(); });
    return delegate;
}

QStyleOptionViewItem ResultValueDelegate::styleOptionFor(const QModelIndex &index) const
{
    QStyleOptionViewItem option;
    initStyleOption(&option, index);
    return option;
}

void ResultValueDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const int kind = index.data(ResultTreeModel::KindRole).toInt();
    if (index.column() != 1 || (kind != ResultTreeModel::FieldNode && kind != ResultTreeModel::ValueNode))
        return;
    const QVariant raw = index.data(ResultTreeModel::RawValueRole);
    if (ValueFormat::isNull(raw)) {
        option->text = QLatin1String(NullText);
        ValueFormat::styleNull(option->font, option->palette);
    } else if (raw.metaType().id() == QMetaType::QDateTime || raw.metaType().id() == QMetaType::QDate) {
        option->text = ValueFormat::text(raw, option->locale);
    }
}

} // namespace grumble::ui
