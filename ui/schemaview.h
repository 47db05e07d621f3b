#pragma once

#include "session.h"

#include <QGraphicsObject>
#include <QGraphicsPathItem>
#include <QGraphicsView>
#include <QWidget>

class QTreeWidget;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace grumble::ui {

class AssociationArrow;

//! A table in the diagram: its name and columns, PK / FK / index marked. Movable.
class TableBox : public QGraphicsObject
{
    Q_OBJECT
public:
    TableBox(const Schema &schema, const Model &model);
    const Model &model() const { return m_model; }
    QRectF boundingRect() const override;
    void paint(QPainter *p, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    void addArrow(AssociationArrow *a) { m_arrows << a; }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    const Schema &m_schema;
    const Model &m_model;
    QList<AssociationArrow *> m_arrows;
    QSizeF m_size;
};

//! An association: an arrow from the source box to the target box, labelled with kind, alias,
//! foreign key and ON DELETE. Arrows between the same two boxes bend apart.
class AssociationArrow : public QGraphicsPathItem
{
public:
    AssociationArrow(const Association &as, TableBox *from, TableBox *to, int lane);
    const Association &association() const { return m_as; }
    void updatePath();
    QString labelText() const;

private:
    const Association &m_as;
    TableBox *m_from, *m_to;
    int m_lane;
    QGraphicsSimpleTextItem *m_label;
    QGraphicsPolygonItem *m_head;
};

//! A dashed line from a join table to a table its keys reference.
class JoinLink : public QGraphicsLineItem
{
public:
    JoinLink(TableBox *join, TableBox *to);
    void updateLine();

private:
    TableBox *m_join, *m_to;
};

class DiagramView : public QGraphicsView
{
    Q_OBJECT
public:
    using QGraphicsView::QGraphicsView;

protected:
    void wheelEvent(QWheelEvent *event) override;
};

//! The schema diagram with the accessor list of the selected model beside it.
class SchemaView : public QWidget
{
    Q_OBJECT
public:
    explicit SchemaView(Session *session, QWidget *parent = nullptr);

    QGraphicsScene *scene() const { return m_scene; }
    QList<TableBox *> boxes() const { return m_boxes; }
    QList<AssociationArrow *> arrows() const { return m_arrows; }
    void selectModel(const QString &model);
    //! The Sequelize code of the selected model (sequelizeModelCode()), read-only, and its Copy button.
    QPlainTextEdit *codePane() const { return m_code; }
    QPushButton *copyCodeButton() const { return m_copyCode; }

public slots:
    void zoomIn();
    void zoomOut();
    void fit();
    void exportImage();
    //! Saves the diagram as PNG, or SVG when the name ends in .svg (and Qt SVG is built in); on
    //! success exported() says where.
    bool exportTo(const QString &fileName);

signals:
    //! The diagram was written to `path` (absolute): the main window's status bar says so.
    void exported(const QString &path);

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    bool render(const QString &fileName);
    void layout();
    void showAccessors(const QString &model);
    void showCode(const QString &model);
    QWidget *buildSidePanel(QWidget *parent);

    Session *m_session;
    QGraphicsScene *m_scene;
    DiagramView *m_view;
    QTreeWidget *m_accessors;
    QLabel *m_modelLabel;
    QLabel *m_codeLabel = nullptr;
    QPlainTextEdit *m_code = nullptr;
    QPushButton *m_copyCode = nullptr;
    QList<TableBox *> m_boxes;
    QList<AssociationArrow *> m_arrows;
    QList<JoinLink *> m_links;
    bool m_zoomed = false;
};

} // namespace grumble::ui
