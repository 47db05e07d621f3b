#pragma once

#include <QString>
#include <QVariantList>

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace grumble {

//! The kinds of failure the engine reports; every error carries one.
enum class ErrorKind {
    UnknownModel,
    UnknownAssociation,
    UnknownAttribute,
    Validation,
    ForeignKey,
    UniqueConstraint,
    NotFound,
    Schema,
    Syntax,
    Connection,
    Database,
    Conflict, //!< the row changed since it was read (an optimistic check failed), or a concurrent
              //!< writer's deadlock / serialization failure outlasted the retries
};

//! A typed error: what went wrong, and the SQL with its bindings when a statement ran.
struct Error
{
    ErrorKind kind = ErrorKind::Database;
    QString message;
    QString sql;
    QVariantList bindings;
    QString code; //!< the driver's code when a statement failed (SQLSTATE, SQLite's extended result code)

    //! The kind's name as shown to users and in JSON ("ForeignKey", "Validation", ...).
    QString kindName() const;
    //! "Kind: message" plus the SQL when there is one.
    QString toString() const;
};

//! "ForeignKey", "Validation", ... (see Error::kindName()).
QString errorKindName(ErrorKind kind);

//! An error of `kind` with `message` and no SQL.
inline Error makeError(ErrorKind kind, QString message)
{
    Error error;
    error.kind = kind;
    error.message = std::move(message);
    return error;
}

//! An expected-style result: a value or an Error, never both.
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) { }
    Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) { }
    //! Anything T can be built from (e.g. a QString or a bool for Result<QVariant>).
    template <typename U,
              typename = std::enable_if_t<!std::is_same_v<std::decay_t<U>, T> && !std::is_same_v<std::decay_t<U>, Error>
                                          && std::is_constructible_v<T, U &&>>>
    Result(U &&value) : m_v(std::in_place_index<0>, T(std::forward<U>(value)))
    {
    }

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    const Error &error() const { return std::get<1>(m_v); }
    Error &error() { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) { }

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }
    Error &error() { return *m_error; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace grumble

//! Returns the error of a Result-valued expression from the enclosing function.
#define GRUMBLE_TRY(expr)                                                                          \
    do {                                                                                           \
        auto &&grumble_try_r_ = (expr);                                                            \
        if (!grumble_try_r_.ok())                                                                  \
            return std::move(grumble_try_r_.error());                                              \
    } while (0)
