#pragma once

#include "cursor.h"

namespace grumble {

//! What a statement recorded in pretend mode returns instead of running: no rows, nothing changed.
class PretendCursor final : public Cursor
{
public:
    bool next() override { return false; }
    bool isNull(int) const override { return true; }
    QVariant value(int) const override { return QVariant(); }
    QVariant typed(int, DataType) const override { return QVariant(); }
    qint64 integer(int) const override { return 0; }
    void read(int, DataType, ValuesBuilder &out, int index) const override { out.setNull(index); }
    int numRowsAffected() const override { return 0; }
    void finish() override { }
    bool run(const QVariantList &, DriverError *) override { return true; }
    bool isSelect() const override { return false; }
};

} // namespace grumble
