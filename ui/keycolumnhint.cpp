#include "keycolumnhint.h"

#include "relationaltablemodel.h"
#include "tablesview.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QToolTip>

namespace grumble::ui {

namespace {

//! The model a join table's key column links to ("pug" for pugId), or "".
QString linkedModel(const Schema &schema, const Model &joinModel, const Attribute &key)
{
    if (!joinModel.isJoinModel || key.referencesModel.isEmpty())
        return QString();
    const Model *linked = schema.model(key.referencesModel);
    return linked ? linked->name : QString();
}

} // namespace

KeyColumnHint::KeyColumnHint(RecordTableView *view, const Schema &schema)
    : QObject(view), m_view(view), m_schema(schema)
{
    view->installEventFilter(this);
    view->viewport()->installEventFilter(this);
}

KeyColumnHint *KeyColumnHint::watch(RecordTableView *view, const Schema &schema)
{
    return new KeyColumnHint(view, schema);
}

QString KeyColumnHint::reasonFor(const Schema &schema, const RelationalTableModel &model, const QModelIndex &index)
{
    if (!index.isValid() || (model.flags(index) & Qt::ItemIsEditable))
        return QString();
    const Model &m = model.schemaModel();
    const Attribute *a = m.attribute(model.attributeAt(index.column()));
    if (!a || !a->primaryKey)
        return QString();
    const QString linked = linkedModel(schema, m, *a);
    if (!linked.isEmpty())
        return QObject::tr("%1 is part of this %2 row's primary key: read-only, as Sequelize never changes a saved "
                           "key. Link or unlink in the Associations panel.")
                .arg(a->name, m.name);
    return QObject::tr("%1 is the primary key of %2: read-only, as Sequelize never changes a saved key. Add a new "
                       "row instead.")
            .arg(a->name, m.name);
}

bool KeyColumnHint::eventFilter(QObject *watched, QEvent *event)
{
    const QEvent::Type type = event->type();
    QModelIndex index;
    if (watched == m_view->viewport() && (type == QEvent::ToolTip || type == QEvent::MouseButtonDblClick)) {
        const QPoint pos = type == QEvent::ToolTip ? static_cast<QHelpEvent *>(event)->pos()
                                                   : static_cast<QMouseEvent *>(event)->position().toPoint();
        index = m_view->indexAt(pos);
    } else if (watched == m_view && type == QEvent::KeyPress
               && static_cast<QKeyEvent *>(event)->key() == Qt::Key_F2) {
        index = m_view->currentIndex();
    } else {
        return false;
    }
    const QString reason = reasonFor(m_schema, *m_view->recordModel(), index);
    if (reason.isEmpty())
        return false;
    if (type == QEvent::ToolTip) {
        QToolTip::showText(static_cast<QHelpEvent *>(event)->globalPos(), reason, m_view->viewport(),
                           m_view->visualRect(index));
        return true;
    }
    emit message(reason);
    return false; // the view goes on (a double-click still selects; no editor opens)
}

} // namespace grumble::ui
