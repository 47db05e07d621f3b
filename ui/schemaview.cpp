#include "schemaview.h"

#include "sequelizeexport.h"

#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QFontDatabase>
#include <QGraphicsSceneMouseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QSplitter>
#include <QStyle>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QWheelEvent>
#include <QtMath>

#ifdef GRUMBLE_HAVE_SVG
#include <QSvgGenerator>
#endif

namespace grumble::ui {

namespace {

constexpr qreal HeaderHeight = 30;
constexpr qreal RowHeight = 20;
constexpr qreal Pad = 8;

QFont boxFont()
{
    QFont f;
    f.setPointSizeF(9);
    return f;
}

QString markerOf(const Attribute &a)
{
    if (a.primaryKey && !a.referencesModel.isEmpty())
        return QStringLiteral("PK FK");
    if (a.primaryKey)
        return QStringLiteral("PK");
    if (!a.referencesModel.isEmpty())
        return QStringLiteral("FK");
    return QString();
}

QString detailOf(const Schema &s, const Attribute &a)
{
    QString t = attributeTypeName(a);
    if (!a.allowNull && !a.primaryKey)
        t += QStringLiteral(" NOT NULL");
    if (!a.referencesModel.isEmpty()) {
        const Model *m = s.model(a.referencesModel);
        t += QStringLiteral(" → %1").arg(m ? m->tableName : a.referencesModel);
    }
    if (a.indexed)
        t += QStringLiteral(" · idx");
    if (a.unique)
        t += QStringLiteral(" · unique");
    return t;
}

//! Where the segment from the centre of `r` towards `p` leaves the rectangle.
QPointF clipToRect(const QRectF &r, const QPointF &p)
{
    const QPointF c = r.center();
    const QPointF d = p - c;
    if (qFuzzyIsNull(d.x()) && qFuzzyIsNull(d.y()))
        return c;
    qreal t = 1.0;
    if (!qFuzzyIsNull(d.x()))
        t = qMin(t, (r.width() / 2) / qAbs(d.x()));
    if (!qFuzzyIsNull(d.y()))
        t = qMin(t, (r.height() / 2) / qAbs(d.y()));
    return c + d * t;
}

} // namespace

// ---- TableBox ----

TableBox::TableBox(const Schema &schema, const Model &model) : m_schema(schema), m_model(model)
{
    setFlags(ItemIsMovable | ItemIsSelectable | ItemSendsGeometryChanges);
    setCursor(Qt::OpenHandCursor);
    setZValue(2);
    const QFontMetricsF fm(boxFont());
    QFont bold = boxFont();
    bold.setBold(true);
    const QFontMetricsF bm(bold);
    qreal w = bm.horizontalAdvance(model.tableName) + 2 * Pad + 80;
    for (const Attribute &a : model.attributes)
        w = qMax(w, 46 + fm.horizontalAdvance(a.field) + 16 + fm.horizontalAdvance(detailOf(schema, a)) + 2 * Pad);
    m_size = QSizeF(qCeil(w), HeaderHeight + model.attributes.size() * RowHeight + Pad);
    QString tip = model.isJoinModel ? QStringLiteral("Join table %1").arg(model.tableName)
                                    : QStringLiteral("Model %1, table %2").arg(model.name, model.tableName);
    setToolTip(tip);
}

QRectF TableBox::boundingRect() const
{
    return QRectF(QPointF(0, 0), m_size).adjusted(-3, -3, 3, 3);
}

void TableBox::paint(QPainter *p, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QRectF r(QPointF(0, 0), m_size);
    p->setRenderHint(QPainter::Antialiasing);
    // shadow
    p->setPen(Qt::NoPen);
    p->setBrush(QColor(0, 0, 0, 30));
    p->drawRoundedRect(r.translated(3, 3), 6, 6);
    const QColor accent = m_model.isJoinModel ? QColor(0x5f, 0x8a, 0x3c) : QColor(0x2f, 0x62, 0x9a);
    p->setBrush(Qt::white);
    p->setPen(QPen(isSelected() ? QColor(0xe0, 0x8a, 0x00) : accent, isSelected() ? 2.5 : 1.2));
    p->drawRoundedRect(r, 6, 6);
    QPainterPath head;
    head.addRoundedRect(QRectF(0, 0, r.width(), HeaderHeight), 6, 6);
    head.addRect(QRectF(0, HeaderHeight - 8, r.width(), 8));
    p->fillPath(head.simplified(), accent);
    QFont bold = boxFont();
    bold.setBold(true);
    bold.setPointSizeF(10);
    p->setFont(bold);
    p->setPen(Qt::white);
    p->drawText(QRectF(Pad, 0, r.width() - 2 * Pad, HeaderHeight), Qt::AlignVCenter | Qt::AlignLeft, m_model.tableName);
    QFont small = boxFont();
    small.setPointSizeF(8);
    p->setFont(small);
    p->drawText(QRectF(Pad, 0, r.width() - 2 * Pad, HeaderHeight), Qt::AlignVCenter | Qt::AlignRight,
                m_model.isJoinModel ? QStringLiteral("join table") : m_model.name);
    qreal y = HeaderHeight + Pad / 2;
    for (const Attribute &a : m_model.attributes) {
        const QRectF row(Pad, y, r.width() - 2 * Pad, RowHeight);
        const QString marker = markerOf(a);
        if (!marker.isEmpty()) {
            const QColor c = a.primaryKey ? QColor(0xc9, 0x8b, 0x00) : QColor(0x3a, 0x7b, 0xd5);
            const QRectF tag(row.left(), row.top() + 3, marker.size() > 2 ? 38 : 22, RowHeight - 6);
            p->setPen(Qt::NoPen);
            p->setBrush(c.lighter(170));
            p->drawRoundedRect(tag, 3, 3);
            p->setPen(c.darker(130));
            p->setFont(small);
            p->drawText(tag, Qt::AlignCenter, marker);
        }
        QFont f = boxFont();
        f.setBold(a.primaryKey);
        p->setFont(f);
        p->setPen(QColor(0x20, 0x20, 0x20));
        p->drawText(row.adjusted(44, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, a.field);
        p->setFont(small);
        p->setPen(QColor(0x70, 0x70, 0x70));
        p->drawText(row, Qt::AlignVCenter | Qt::AlignRight, detailOf(m_schema, a));
        y += RowHeight;
    }
}

QVariant TableBox::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged) {
        for (AssociationArrow *a : std::as_const(m_arrows))
            a->updatePath();
        if (scene()) {
            const auto items = scene()->items();
            for (QGraphicsItem *i : items) {
                if (auto *l = dynamic_cast<JoinLink *>(i))
                    l->updateLine();
            }
        }
    }
    return QGraphicsObject::itemChange(change, value);
}

// ---- AssociationArrow ----

AssociationArrow::AssociationArrow(const Association &as, TableBox *from, TableBox *to, int lane)
    : m_as(as), m_from(from), m_to(to), m_lane(lane)
{
    setZValue(1);
    const QColor c = as.kind == AssociationKind::BelongsToMany ? QColor(0x5f, 0x8a, 0x3c)
            : as.kind == AssociationKind::BelongsTo            ? QColor(0x2f, 0x62, 0x9a)
                                                               : QColor(0x8e, 0x44, 0xad);
    setPen(QPen(c, 1.6));
    m_head = new QGraphicsPolygonItem(this);
    m_head->setBrush(c);
    m_head->setPen(Qt::NoPen);
    auto *bg = new QGraphicsRectItem(this);
    bg->setBrush(QColor(255, 255, 255, 230));
    bg->setPen(QPen(c.lighter(150), 0.8));
    m_label = new QGraphicsSimpleTextItem(labelText(), bg);
    QFont f;
    f.setPointSizeF(8);
    m_label->setFont(f);
    m_label->setBrush(c.darker(140));
    setToolTip(labelText());
    from->addArrow(this);
    to->addArrow(this);
    updatePath();
}

QString AssociationArrow::labelText() const
{
    QStringList lines;
    lines << QStringLiteral("%1 %2").arg(associationKindName(m_as.kind), m_as.as);
    if (m_as.kind == AssociationKind::BelongsToMany) {
        lines << QStringLiteral("through %1").arg(m_as.through);
        lines << QStringLiteral("%1 → %2").arg(m_as.foreignKey, m_as.otherKey);
    } else {
        lines << QStringLiteral("FK %1").arg(m_as.foreignKey);
    }
    if (!m_as.onDelete.isEmpty())
        lines << QStringLiteral("ON DELETE %1").arg(m_as.onDelete);
    return lines.join(QLatin1Char('\n'));
}

void AssociationArrow::updatePath()
{
    const QRectF a = m_from->sceneBoundingRect().adjusted(3, 3, -3, -3);
    const QRectF b = m_to->sceneBoundingRect().adjusted(3, 3, -3, -3);
    const QPointF ca = a.center(), cb = b.center();
    // Bend by lane, perpendicular to a direction that does not depend on the arrow's sense.
    const bool flip = m_from->model().name > m_to->model().name;
    QPointF d = flip ? ca - cb : cb - ca;
    const qreal len = qMax<qreal>(1, qSqrt(d.x() * d.x() + d.y() * d.y()));
    const QPointF n(-d.y() / len, d.x() / len);
    const QPointF ctrl = (ca + cb) / 2 + n * (m_lane * 95.0);
    const QPointF start = clipToRect(a, ctrl);
    const QPointF end = clipToRect(b, ctrl);
    QPainterPath path(start);
    path.quadTo(ctrl, end);
    setPath(path);
    // head
    const QPointF tip = end;
    const QPointF back = path.pointAtPercent(0.93);
    QPointF dir = tip - back;
    const qreal dl = qMax<qreal>(0.001, qSqrt(dir.x() * dir.x() + dir.y() * dir.y()));
    dir /= dl;
    const QPointF perp(-dir.y(), dir.x());
    m_head->setPolygon(QPolygonF({ tip, tip - dir * 11 + perp * 5, tip - dir * 11 - perp * 5 }));
    // label at the middle of the curve
    auto *bg = static_cast<QGraphicsRectItem *>(m_label->parentItem());
    const QRectF tr = m_label->boundingRect();
    const QPointF mid = path.pointAtPercent(0.5);
    bg->setRect(QRectF(0, 0, tr.width() + 8, tr.height() + 4));
    bg->setPos(mid - QPointF((tr.width() + 8) / 2, (tr.height() + 4) / 2));
    m_label->setPos(4, 2);
}

// ---- JoinLink ----

JoinLink::JoinLink(TableBox *join, TableBox *to) : m_join(join), m_to(to)
{
    setPen(QPen(QColor(0x5f, 0x8a, 0x3c, 160), 1.2, Qt::DashLine));
    setZValue(0);
    updateLine();
}

void JoinLink::updateLine()
{
    const QRectF a = m_join->sceneBoundingRect().adjusted(3, 3, -3, -3);
    const QRectF b = m_to->sceneBoundingRect().adjusted(3, 3, -3, -3);
    setLine(QLineF(clipToRect(a, b.center()), clipToRect(b, a.center())));
}

// ---- DiagramView ----

void DiagramView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const qreal f = event->angleDelta().y() > 0 ? 1.15 : 1 / 1.15;
        scale(f, f);
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

// ---- SchemaView ----

SchemaView::SchemaView(Session *session, QWidget *parent) : QWidget(parent), m_session(session)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(0);
    auto *bar = new QToolBar(this);
    bar->setIconSize(QSize(16, 16));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    QAction *in = bar->addAction(style()->standardIcon(QStyle::SP_ArrowUp), tr("Zoom in"), this, &SchemaView::zoomIn);
    in->setShortcut(QKeySequence::ZoomIn);
    in->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QAction *out = bar->addAction(style()->standardIcon(QStyle::SP_ArrowDown), tr("Zoom out"), this, &SchemaView::zoomOut);
    out->setShortcut(QKeySequence::ZoomOut);
    out->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    bar->addAction(style()->standardIcon(QStyle::SP_TitleBarMaxButton), tr("Fit"), this, &SchemaView::fit);
    bar->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Re-layout"), this, [this] {
        layout();
        fit();
    });
    bar->addSeparator();
#ifdef GRUMBLE_HAVE_SVG
    const QString exportText = tr("Export PNG/SVG…");
#else
    const QString exportText = tr("Export PNG…");
#endif
    bar->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton), exportText, this, &SchemaView::exportImage);
    auto *hint = new QLabel(tr("  Drag boxes to arrange; drag the background to pan; Ctrl+wheel zooms."), bar);
    hint->setStyleSheet(QStringLiteral("color: gray"));
    bar->addWidget(hint);
    outer->addWidget(bar);

    auto *split = new QSplitter(Qt::Horizontal, this);
    outer->addWidget(split, 1);
    m_scene = new QGraphicsScene(this);
    m_scene->setBackgroundBrush(QColor(0xf4, 0xf6, 0xf9));
    m_view = new DiagramView(m_scene, split);
    m_view->setObjectName(QStringLiteral("diagram"));
    m_view->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    m_view->setDragMode(QGraphicsView::ScrollHandDrag);
    m_view->setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    QWidget *side = buildSidePanel(split);
    split->addWidget(m_view);
    split->addWidget(side);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    split->setSizes({ 820, 520 });

    const Schema &s = session->schema();
    QHash<QString, TableBox *> byName;
    for (const Model &m : s.models()) {
        auto *b = new TableBox(s, m);
        m_scene->addItem(b);
        m_boxes << b;
        byName.insert(m.name, b);
    }
    layout();
    QHash<QString, int> lanesUsed;
    QHash<QString, int> pairTotal;
    for (const Association &as : s.associations()) {
        const QString key = qMin(as.source, as.target) + QLatin1Char('|') + qMax(as.source, as.target);
        pairTotal[key]++;
    }
    for (const Association &as : s.associations()) {
        TableBox *from = byName.value(s.model(as.source) ? s.model(as.source)->name : as.source);
        TableBox *to = byName.value(s.model(as.target) ? s.model(as.target)->name : as.target);
        if (!from || !to)
            continue;
        const QString key = qMin(as.source, as.target) + QLatin1Char('|') + qMax(as.source, as.target);
        const int i = lanesUsed[key]++;
        const int n = pairTotal.value(key);
        const int lane = n == 1 ? 0 : (i * 2 - (n - 1)); // -1, +1 for two; -2, 0, 2 for three
        auto *arrow = new AssociationArrow(as, from, to, lane == 0 && from == to ? 1 : lane);
        m_scene->addItem(arrow);
        m_arrows << arrow;
    }
    for (const Model &m : s.models()) {
        if (!m.isJoinModel)
            continue;
        for (const Attribute &a : m.attributes) {
            if (TableBox *t = byName.value(a.referencesModel)) {
                auto *l = new JoinLink(byName.value(m.name), t);
                m_scene->addItem(l);
                m_links << l;
            }
        }
    }
    connect(m_scene, &QGraphicsScene::selectionChanged, this, [this] {
        const auto sel = m_scene->selectedItems();
        for (QGraphicsItem *i : sel) {
            if (auto *b = dynamic_cast<TableBox *>(i)) {
                showAccessors(b->model().name);
                return;
            }
        }
    });
    showAccessors(s.models().empty() ? QString() : s.models().front().name);
}

QWidget *SchemaView::buildSidePanel(QWidget *parent)
{
    auto *side = new QSplitter(Qt::Vertical, parent);
    side->setObjectName(QStringLiteral("schemaSide"));
    auto *top = new QWidget(side);
    auto *tl = new QVBoxLayout(top);
    tl->setContentsMargins(6, 6, 6, 0);
    m_modelLabel = new QLabel(top);
    m_modelLabel->setWordWrap(true);
    tl->addWidget(m_modelLabel);
    m_accessors = new QTreeWidget(top);
    m_accessors->setObjectName(QStringLiteral("accessors"));
    m_accessors->setHeaderLabels({ tr("Accessor"), tr("Role"), tr("Association") });
    m_accessors->setRootIsDecorated(false);
    m_accessors->setAlternatingRowColors(true);
    tl->addWidget(m_accessors);
    auto *bottom = new QWidget(side);
    auto *bl = new QVBoxLayout(bottom);
    bl->setContentsMargins(6, 0, 6, 6);
    auto *head = new QHBoxLayout;
    m_codeLabel = new QLabel(bottom);
    m_codeLabel->setWordWrap(true);
    head->addWidget(m_codeLabel, 1);
    m_copyCode = new QPushButton(style()->standardIcon(QStyle::SP_FileDialogContentsView), tr("&Copy"), bottom);
    m_copyCode->setObjectName(QStringLiteral("copyCode"));
    m_copyCode->setToolTip(tr("Copy the model's Sequelize code to the clipboard"));
    connect(m_copyCode, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_code->toPlainText());
        m_copyCode->setText(tr("Copied"));
    });
    head->addWidget(m_copyCode);
    bl->addLayout(head);
    m_code = new QPlainTextEdit(bottom);
    m_code->setObjectName(QStringLiteral("sequelizeCode"));
    m_code->setReadOnly(true);
    m_code->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(qMax<qreal>(8, mono.pointSizeF() - 1));
    m_code->setFont(mono);
    bl->addWidget(m_code, 1);
    side->addWidget(top);
    side->addWidget(bottom);
    side->setStretchFactor(0, 2);
    side->setStretchFactor(1, 3);
    return side;
}

void SchemaView::showCode(const QString &model)
{
    const Model *m = m_session->schema().model(model);
    m_copyCode->setText(tr("&Copy"));
    if (!m) {
        m_codeLabel->clear();
        m_code->clear();
        m_copyCode->setEnabled(false);
        return;
    }
    m_codeLabel->setText(tr("<b>Sequelize code</b> of %1 (models/%2.js, as File › Export as Sequelize code… writes it):")
                                 .arg(m->name.toHtmlEscaped(), m->name.toHtmlEscaped()));
    const QString code = sequelizeModelCode(m_session->schema(), m->name);
    m_code->setPlainText(code);
    m_copyCode->setEnabled(!code.isEmpty());
}

void SchemaView::layout()
{
    // Models in a row (creation order), join tables below, between the tables they join.
    const Schema &s = m_session->schema();
    QHash<QString, TableBox *> byName;
    for (TableBox *b : std::as_const(m_boxes))
        byName.insert(b->model().name, b);
    qreal x = 0, rowTop = 0, rowHeight = 0;
    int inRow = 0;
    for (const Model *m : s.creationOrder()) {
        if (m->isJoinModel)
            continue;
        TableBox *b = byName.value(m->name);
        if (inRow == 4) {
            inRow = 0;
            x = 0;
            rowTop += rowHeight + 260;
            rowHeight = 0;
        }
        b->setPos(x, rowTop);
        x += b->boundingRect().width() + 220;
        rowHeight = qMax(rowHeight, b->boundingRect().height());
        ++inRow;
    }
    for (const Model *m : s.creationOrder()) {
        if (!m->isJoinModel)
            continue;
        TableBox *b = byName.value(m->name);
        QPointF sum;
        int n = 0;
        qreal bottom = 0;
        for (const Attribute &a : m->attributes) {
            if (TableBox *t = byName.value(a.referencesModel)) {
                sum += t->sceneBoundingRect().center();
                bottom = qMax(bottom, t->sceneBoundingRect().bottom());
                ++n;
            }
        }
        const QPointF c = n ? sum / n : QPointF(0, rowTop + rowHeight + 200);
        b->setPos(c.x() - b->boundingRect().width() / 2, bottom + 190);
    }
    for (AssociationArrow *a : std::as_const(m_arrows))
        a->updatePath();
    for (JoinLink *l : std::as_const(m_links))
        l->updateLine();
}

void SchemaView::showAccessors(const QString &model)
{
    showCode(model);
    m_accessors->clear();
    const Model *m = m_session->schema().model(model);
    if (!m) {
        m_modelLabel->clear();
        return;
    }
    m_modelLabel->setText(tr("<b>%1</b> — the accessors every %2 record has:").arg(m->tableName, m->singular));
    const auto accessors = m_session->schema().accessorsOf(m->name);
    for (const Accessor &a : accessors) {
        const Association &as = m_session->schema().associations().at(a.association);
        auto *item = new QTreeWidgetItem(m_accessors, { a.name, accessorRoleName(a.role), QStringLiteral("%1 %2").arg(associationKindName(as.kind), as.as) });
        item->setIcon(0, style()->standardIcon(QStyle::SP_CommandLink));
    }
    if (accessors.isEmpty())
        new QTreeWidgetItem(m_accessors, { tr("(none: no association has %1 as its source)").arg(m->name) });
    for (int c = 0; c < 3; ++c)
        m_accessors->resizeColumnToContents(c);
}

void SchemaView::selectModel(const QString &model)
{
    m_scene->clearSelection();
    for (TableBox *b : std::as_const(m_boxes)) {
        if (b->model().name == model)
            b->setSelected(true);
    }
    showAccessors(model);
}

void SchemaView::zoomIn()
{
    m_zoomed = true;
    m_view->scale(1.2, 1.2);
}

void SchemaView::zoomOut()
{
    m_zoomed = true;
    m_view->scale(1 / 1.2, 1 / 1.2);
}

void SchemaView::fit()
{
    const QRectF r = m_scene->itemsBoundingRect().adjusted(-30, -30, 30, 30);
    m_scene->setSceneRect(r);
    m_view->fitInView(r, Qt::KeepAspectRatio);
    // Never blow small schemas up beyond 100%.
    if (m_view->transform().m11() > 1.0)
        m_view->setTransform(QTransform());
}

void SchemaView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    fit();
}

void SchemaView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (!m_zoomed)
        fit();
}

bool SchemaView::exportTo(const QString &fileName)
{
    const bool written = render(fileName);
    if (written)
        emit exported(QFileInfo(fileName).absoluteFilePath());
    return written;
}

bool SchemaView::render(const QString &fileName)
{
    const QRectF r = m_scene->itemsBoundingRect().adjusted(-20, -20, 20, 20);
    m_scene->clearSelection();
#ifdef GRUMBLE_HAVE_SVG
    if (fileName.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator gen;
        gen.setFileName(fileName);
        gen.setSize(r.size().toSize());
        gen.setViewBox(QRectF(QPointF(0, 0), r.size()));
        gen.setTitle(QStringLiteral("Grumble schema"));
        QPainter p(&gen);
        m_scene->render(&p, QRectF(QPointF(0, 0), r.size()), r);
        return p.end();
    }
#endif
    QImage img((r.size() * 2).toSize(), QImage::Format_ARGB32_Premultiplied);
    img.fill(m_scene->backgroundBrush().color());
    {
        QPainter p(&img);
        p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        m_scene->render(&p, QRectF(QPointF(0, 0), img.size()), r);
    }
    return img.save(fileName);
}

void SchemaView::exportImage()
{
#ifdef GRUMBLE_HAVE_SVG
    const QString filter = tr("PNG image (*.png);;SVG drawing (*.svg)");
#else
    const QString filter = tr("PNG image (*.png)");
#endif
    const QString f = QFileDialog::getSaveFileName(this, tr("Export the schema diagram"), QStringLiteral("schema.png"), filter);
    if (!f.isEmpty() && !exportTo(f))
        QMessageBox::warning(this, tr("Export"), tr("Could not write %1.").arg(f));
}

} // namespace grumble::ui
