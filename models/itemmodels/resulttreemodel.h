#pragma once

#include "record.h"

#include <QAbstractItemModel>
#include <QHash>

#include <memory>
#include <vector>

namespace grumble {

class RecordPager;

//! An engine result (a Record, a RecordList, a list or a scalar) as a tree: record nodes with their
//! fields, association nodes ("owner", "pugs (3)") and the join row of a belongsToMany target.
//! Children are built when a view asks for them (canFetchMore / fetchMore), so a result of
//! 100,000 records opens at once. Columns: key, value.
//!
//! A paged result (setPager) shows the records of a findAll a page at a time: the first page is read
//! at once; fetchMore() on the top level adds the next page of rows (counting the window first when
//! its size is not known yet), and a page's records are read when a view first asks for one of its
//! rows. At most maxCachedPages() pages of records are kept (least recently used go first); a row
//! whose children were built keeps its own copy of its record, so expanded rows never change.
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

    //! Shows a paged findAll and reads its first page; false (and lastError()) if that fails.
    bool setPager(std::unique_ptr<RecordPager> pager);
    RecordPager *pager() const { return m_pager.get(); }
    //! Counts the paged window if its size is not known yet (one COUNT); false on an error.
    bool countTotal();
    //! Rows of the paged window (every page), -1 while not counted; for a list, its size.
    qint64 total() const;
    //! The top-level record at `row` of a paged or list result, reading its page if needed (rows not
    //! yet added by fetchMore() too); null past the end or on an error.
    std::shared_ptr<const Record> rootRecord(int row) const;
    //! Pages of records kept (default 6, at least 2).
    void setMaxCachedPages(int pages);
    int maxCachedPages() const { return m_maxPages; }
    int cachedPageCount() const { return int(m_pages.size()); }
    //! The last paging error (empty if none).
    QString lastError() const { return m_error; }

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

signals:
    //! A page of a paged result was read (`page` from 0), with the time it took. Slots must not
    //! change the model: this can be emitted while a view paints.
    void pageLoaded(int page, int records, qint64 ms);
    //! The paged window was counted.
    void totalChanged(qint64 total);
    //! Reading a page or the count failed.
    void pagingFailed(const QString &message);

private:
    struct Page
    {
        std::shared_ptr<const RecordList> rows;
        quint64 used = 0;
    };
    Node *nodeOf(const QModelIndex &index) const;
    int pendingCount(const Node *n) const;
    void populate(Node *n, int upTo) const;
    //! The record a node shows: its own, or for a row of a paged result its page's.
    std::shared_ptr<const Record> recordOf(const Node *n) const;
    //! Gives a paged row its own copy of its record before its children are built.
    void pin(Node *n) const;
    const Page *page(int number) const;
    void resetPaging();

    std::unique_ptr<Node> m_root;
    int m_batch = 500;
    std::unique_ptr<RecordPager> m_pager;
    mutable QHash<int, Page> m_pages;
    mutable QHash<int, QVariant> m_lastKeys; //!< page -> key of its last record
    mutable quint64 m_clock = 0;
    int m_maxPages = 6;
    mutable QString m_error;
};

} // namespace grumble
