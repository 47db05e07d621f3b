#pragma once

#include "schema.h"
#include "values.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QVariant>
#include <QVector>

#include <memory>
#include <vector>

namespace grumble {

struct Record;

//! The records an include put under a key of its parent ("owner", "pugs").
struct Included
{
    int association = -1;
    QString key;
    bool many = false;
    std::vector<Record> records; //!< to-one: empty (null) or one
};

//! What the records of one query node show: which attributes, and their join row's model and
//! attributes. Shared by every record the node reads.
struct RecordShape
{
    QVector<int> projection;              //!< attribute indices shown; empty: all
    QStringList keys;                     //!< the JSON key of each projection entry ([column, alias]); empty: names
    const Model *throughModel = nullptr;  //!< the join row's model, for a belongsToMany target
    QVector<int> throughProjection;       //!< its attributes shown; empty: all
};

//! One row of a model, with what was eagerly loaded under it.
struct Record
{
    const Model *model = nullptr;
    Values values;                  //!< aligned with model->attributes
    std::vector<Included> includes; //!< in include order
    std::shared_ptr<const RecordShape> shape; //!< null: every attribute, no join row
    Values throughValues;           //!< the join row's values (shape->throughModel)

    bool isValid() const { return model != nullptr; }
    //! Attribute indices shown; empty: all.
    const QVector<int> &projection() const;
    void setProjection(const QVector<int> &projection);
    //! Whether a join row came with the record (belongsToMany targets).
    bool hasThrough() const { return shape && shape->throughModel; }
    //! The join row as a record of its own (an invalid Record without one).
    Record through() const;
    //! The JSON key of the join row: its model's name ("friendship"); empty without one.
    QString throughKey() const { return hasThrough() ? shape->throughModel->name : QString(); }
    //! The value of an attribute, an invalid QVariant for an unknown attribute.
    QVariant value(const QString &attribute) const;
    //! Sets an attribute (ignored for an unknown one), growing the values to the model's size.
    void setValue(const QString &attribute, const QVariant &value);
    //! The primary key value (single-column keys).
    QVariant pk() const;
    //! "pug#3"
    QString label() const;
    //! The included value under a key, nullptr if not loaded.
    const Included *included(const QString &key) const;
};

using RecordList = QList<Record>;

//! Serializes an engine value (Record, RecordList, QVariantList, number, bool, string, null) as
//! compact JSON with Sequelize's key order and ISO 8601 UTC timestamps.
QByteArray toJson(const QVariant &value);
//! A record as a compact JSON object (see toJson(const QVariant &)).
QByteArray toJson(const Record &record);
//! toJson(), appended to `out`.
void appendJson(QByteArray &out, const QVariant &value);
//! toJson(), appended to `out`.
void appendJson(QByteArray &out, const Record &record);
//! A scalar attribute value as display text (timestamps as ISO 8601).
QString displayText(const QVariant &value);

} // namespace grumble

Q_DECLARE_METATYPE(grumble::Record)
Q_DECLARE_METATYPE(grumble::RecordList)
