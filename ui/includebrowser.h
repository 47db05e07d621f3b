#pragma once

#include "session.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTabWidget;
class QTreeView;
class QTreeWidget;
class QTreeWidgetItem;
class QLabel;

namespace grumble {
class ResultTreeModel;
}

namespace grumble::ui {

//! Builds an `include` option as a tree of check boxes, runs findAll, and shows the result tree,
//! its JSON and the SQL it ran. The result is read a page of root records at a time (RecordPager):
//! the first page shows at once, the total comes from one COUNT run right after it, and the tree
//! reads further pages as the user scrolls, keeping a few pages of records in memory.
class IncludeBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit IncludeBrowser(Session *session, QWidget *parent = nullptr);

    void setRoot(const QString &model);
    QString root() const;
    //! Ticks an association path ("pugs/friends"; each step an alias); false if there is none.
    bool checkPath(const QString &path, bool checked = true);
    //! Ticks or unticks Required; while the include has a where the box stays ticked (and disabled):
    //! Sequelize makes an include with a where required. The user's choice comes back without one.
    bool setRequired(const QString &path, bool required);
    //! Whether the Required box is ticked / ticked because of a where.
    bool isRequired(const QString &path) const;
    bool isRequiredByWhere(const QString &path) const;
    QTreeWidget *optionsTree() const { return m_options; }
    bool setWhere(const QString &path, const QString &json);
    void setRootWhere(const QString &json);
    void setLimit(int limit);
    //! findAll's offset (0: none).
    void setOffset(int offset);
    //! Root records per page (default 200); takes effect on the next run().
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    int pageSize() const { return m_pageSize; }
    //! Records the JSON tab shows (the first ones; default 200).
    void setJsonRecords(int n) { m_jsonRecords = qMax(1, n); }
    //! The options the ticks describe, as JSON-shaped data ({"include": [...], ...}).
    QVariantMap options() const;

    ResultTreeModel *resultModel() const { return m_model; }
    QTreeView *resultView() const { return m_view; }
    //! The first jsonRecords() records of the result as indented JSON (what the JSON tab shows).
    QString json() const;
    //! The statements of the first page, the count and the last page read after them.
    QStringList sql() const { return m_sql + m_countSql + m_pageSql; }
    QString lastError() const { return m_error; }
    //! The line under the Run button ("Showing 200 of 10,000 owners — scroll for more ...").
    QString status() const;

signals:
    //! A record node of the result became current.
    void recordActivated(const grumble::ui::RecordRef &ref);

public slots:
    //! Runs the query; false (and lastError()) on an error.
    bool run();

private:
    void rebuildOptions();
    void addChildren(QTreeWidgetItem *parent, const QString &model, int depth);
    QTreeWidgetItem *itemAt(const QString &path) const;
    QVariantList includesOf(QTreeWidgetItem *parent, QString *error) const;

    Session *m_session;
    QComboBox *m_root;
    QLineEdit *m_rootWhere;
    QSpinBox *m_limit;
    QSpinBox *m_offset;
    QTreeWidget *m_options;
    QLabel *m_call;
    QLabel *m_status;
    QTabWidget *m_results;
    QTreeView *m_view;
    ResultTreeModel *m_model;
    QPlainTextEdit *m_json;
    QPlainTextEdit *m_sqlText;
    QStringList m_sql;        //!< the first page's statements
    QStringList m_countSql;   //!< the COUNT's
    QStringList m_pageSql;    //!< the last page read after the first
    QString m_error;
    int m_pageSize = 200;
    int m_jsonRecords = 200;
    quint64 m_run = 0;        //!< increments on every run(), so a deferred count of an older one is dropped
    qint64 m_firstMs = 0;     //!< the first page's time
    QString m_rootNoun;       //!< "owners"
    QString m_rootSingular;   //!< "owner"
    QString rootPlural() const;
    void followWhere(QTreeWidgetItem *item);
    bool m_jsonStale = false;
    void showJson();
    void showSql();
    void updateStatus();
};

} // namespace grumble::ui
