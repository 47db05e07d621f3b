#pragma once

#include "record.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace grumble {

//! An engine result (a Record, a RecordList, a list or a scalar) as a tree: record nodes with their
//! fields, association nodes ("owner", "pugs (3)") and the join row of a belongsToMany target.
//! Children are built when a view asks for them (canFetchMore / fetchMore), so a result of
//! 100,000 records opens at once. Columns: key, value.
class ResultTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum NodeKind { RecordNode, FieldNode, AssociationNode, ThroughNode, ValueNode, ListNode };
    Q_ENUM(NodeKind)
    enum Roles {
        KindRole = Qt::UserRole + 1, //!< NodeKind
        KeyRole,                     //!< the JSON key ("pugs") or the list index
        RawValueRole,                //!< field: the stored value; association: true when to-many
        ModelNameRole,               //!< record nodes: the model's name
        PrimaryKeyRole,              //!< record nodes: the primary key
    };

    explicit ResultTreeModel(QObject *parent = nullptr);
    ~ResultTreeModel() override;

    //! Replaces the tree with a result value.
    void setResult(const QVariant &value);
    void clear();
    //! Top-level children are added in batches of this size.
    void setBatchSize(int n) { m_batch = qMax(1, n); }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    struct Node;

private:
    Node *nodeOf(const QModelIndex &index) const;
    int pendingCount(const Node *n) const;
    void populate(Node *n, int upTo) const;

    std::unique_ptr<Node> m_root;
    int m_batch = 500;
};

} // namespace grumble
