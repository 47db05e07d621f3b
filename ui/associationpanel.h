#pragma once

#include "session.h"

#include <QGroupBox>
#include <QScrollArea>
#include <QStyle>

class QLabel;
class QTreeWidget;
class QPushButton;
class QVBoxLayout;

namespace grumble::ui {

//! One association of the current record: what it holds and the accessor buttons.
//! Records of the target model can be dropped onto it (set for to-one, add for to-many).
class AssociationBox : public QGroupBox
{
    Q_OBJECT
public:
    //! `record` is `self` as the panel fetched it; the box reads its association from it.
    AssociationBox(Session *session, const RecordRef &self, const Record &record, const Association &as,
                   QWidget *parent = nullptr);

    const Association &association() const { return m_as; }
    //! The accessor of a role for this association ("setOwner"), or "".
    QString accessorName(AccessorRole role) const;
    QTreeWidget *list() const { return m_list; }
    QLabel *valueLabel() const { return m_value; }

    // The button actions (also callable without the dialogs' clicks, by scripts and tests).
    bool set(const QVariant &key);          //!< to-one set
    bool clear();                           //!< to-one set(null)
    bool add(const QVariantList &keys);     //!< to-many add
    bool remove(const QVariantList &keys);  //!< to-many remove
    bool setAll(const QVariantList &keys);  //!< to-many set
    bool create(const QVariantMap &values); //!< create*
    QVariantList currentKeys() const;       //!< the related records' keys as listed

signals:
    void recordActivated(const grumble::ui::RecordRef &ref);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void load();
    void pickAndSet();
    void pickAndAdd();
    void removeSelected();
    void editSet();
    void createNew();
    QPushButton *button(const QString &name, QStyle::StandardPixmap icon, const QString &text, const QString &tip);

    Session *m_session;
    RecordRef m_self;
    Record m_record;
    const Association &m_as;
    QLabel *m_value = nullptr;
    QLabel *m_count = nullptr;
    QTreeWidget *m_list = nullptr;
    QVariant m_toOneKey;
};

//! The association panel: the current record and a box per association of its model.
class AssociationPanel : public QScrollArea
{
    Q_OBJECT
public:
    explicit AssociationPanel(Session *session, QWidget *parent = nullptr);
    RecordRef record() const { return m_record; }
    //! The box of an association by its alias ("owner", "friends").
    AssociationBox *box(const QString &alias) const;
    //! Puts the keyboard focus on the first box's first button (View › Associations, Ctrl+2).
    //! False when the record has no box (nothing there to focus).
    bool focusFirstBox();

public slots:
    void setRecord(const grumble::ui::RecordRef &ref);
    void reload();

signals:
    void recordActivated(const grumble::ui::RecordRef &ref);

private:
    //! What a join row (a friendship) links and where to change it: "Links pug Cody and friend …".
    QString joinRowText(const Record &row);
    Session *m_session;
    RecordRef m_record;
    QWidget *m_content;
    QVBoxLayout *m_layout;
    QList<AssociationBox *> m_boxes;
};

} // namespace grumble::ui
