#pragma once
// Explaining a ForeignKey error: which key of the rows names a parent that does not exist.

#include "enginecore.h"

namespace grumble {

//! When `error` is a ForeignKey error of writing `rows` of `model`, and one of their foreign keys
//! names a parent row that does not exist, the error says so: "ownerId 99: no owners row with id
//! 99" (the statement and bindings kept). One SELECT per foreign-key attribute of the rows; any
//! other error, or a lookup that fails (an aborted transaction), comes back unchanged.
Error explainForeignKey(EngineCore &core, const Model &model, const QList<QVariantMap> &rows,
                        Error error);

} // namespace grumble
