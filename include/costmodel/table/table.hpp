#pragma once
// costmodel::table::table — named columns of equal length: the one shape of bulk data in costmodel
// (priced lines, hourly usage, Cost Explorer results, CUR lines, allocations).
//
//   table t;
//   auto& cost = t.add_decimal("cost");
//   auto& workload = t.add_string("workload");
//   t.reserve(n);
//   cost.append(Decimal::parse("1.25"));   // or cost.append_units(__int128)
//   workload.append("api");                 // interned: the column stores an int32 code
//   std::span<const __int128> units = t.decimals("cost");
//   std::span<const std::int32_t> codes = t.codes("workload");
//   std::string_view name = t.strings("workload").dictionary()[codes[0]];
//
// Columns are appended to one by one, so lengths differ while a row is being built; every operation
// that reads a whole table first checks that they are equal (validate()). A table is a value: copying
// it copies its columns (exports to Arrow share buffers instead; see arrow.hpp). References returned
// by add_* and column() stay valid while the table lives and no column is removed.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "costmodel/table/column.hpp"

namespace costmodel::table {

struct field {
    std::string name;
    column_type type;
    bool nullable = false;
    friend bool operator==(const field&, const field&) = default;
};

// Names, types and nullability of a table's columns, in order.
class schema {
public:
    schema() = default;
    explicit schema(std::vector<field> fields) : fields_(std::move(fields)) {}

    [[nodiscard]] const std::vector<field>& fields() const noexcept { return fields_; }
    [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
    [[nodiscard]] const field& operator[](std::size_t i) const { return fields_.at(i); }
    // Index of the field called `name`, or -1.
    [[nodiscard]] std::ptrdiff_t index_of(std::string_view name) const noexcept {
        for (std::size_t i = 0; i < fields_.size(); ++i)
            if (fields_[i].name == name) return static_cast<std::ptrdiff_t>(i);
        return -1;
    }
    [[nodiscard]] std::vector<std::string> names() const {
        std::vector<std::string> result;
        result.reserve(fields_.size());
        for (const auto& f : fields_) result.push_back(f.name);
        return result;
    }
    // "cost: decimal, workload: string (nullable)"
    [[nodiscard]] std::string to_string() const {
        std::string text;
        for (const auto& f : fields_) {
            if (!text.empty()) text += ", ";
            text += f.name + ": " + std::string(costmodel::table::to_string(f.type));
            if (f.nullable) text += " (nullable)";
        }
        return text;
    }
    friend bool operator==(const schema&, const schema&) = default;

private:
    std::vector<field> fields_;
};

// Lookup of a column that the table does not have; the message names it and the ones that exist.
class missing_column : public std::out_of_range {
public:
    missing_column(std::string name, std::vector<std::string> available)
        : std::out_of_range(compose(name, available)), name_(std::move(name)), available_(std::move(available)) {}
    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] const std::vector<std::string>& available() const noexcept { return available_; }

private:
    std::string name_;
    std::vector<std::string> available_;
    static std::string compose(const std::string& name, const std::vector<std::string>& available) {
        std::string text = "table has no column '" + name + "' (columns: ";
        if (available.empty()) text += "none";
        for (std::size_t i = 0; i < available.size(); ++i) text += (i ? ", " : "") + available[i];
        return text + ")";
    }
};

// A column of the right C++ type for `type` (decimal_column for decimal, ...).
[[nodiscard]] inline std::unique_ptr<column> make_column(column_type type, bool nullable = false) {
    switch (type) {
        case column_type::decimal: return std::make_unique<decimal_column>(nullable);
        case column_type::string: return std::make_unique<string_column>(nullable);
        case column_type::int64: return std::make_unique<int64_column>(nullable);
        case column_type::int32: return std::make_unique<int32_column>(nullable);
        case column_type::boolean: return std::make_unique<boolean_column>(nullable);
        case column_type::date: return std::make_unique<date_column>(nullable);
        case column_type::timestamp: return std::make_unique<timestamp_column>(nullable);
    }
    throw std::invalid_argument("make_column: unknown column type");
}

// The same column (its buffers moved) held by the C++ type of its column type.
[[nodiscard]] inline std::unique_ptr<column> make_column(column&& base) {
    switch (base.type()) {
        case column_type::decimal: return std::make_unique<decimal_column>(std::move(base));
        case column_type::string: return std::make_unique<string_column>(std::move(base));
        case column_type::int64: return std::make_unique<int64_column>(std::move(base));
        case column_type::int32: return std::make_unique<int32_column>(std::move(base));
        case column_type::boolean: return std::make_unique<boolean_column>(std::move(base));
        case column_type::date: return std::make_unique<date_column>(std::move(base));
        case column_type::timestamp: return std::make_unique<timestamp_column>(std::move(base));
    }
    throw std::invalid_argument("make_column: unknown column type");
}

class table {
public:
    table() = default;
    explicit table(const costmodel::table::schema& s) {
        for (const auto& f : s.fields()) add_column(f.name, f.type, f.nullable);
    }
    table(const table& other) : names_(other.names_) {
        columns_.reserve(other.columns_.size());
        for (const auto& c : other.columns_) columns_.push_back(make_column(column(*c)));
    }
    table(table&&) noexcept = default;
    table& operator=(const table& other) {
        if (this != &other) {
            table copy(other);
            *this = std::move(copy);
        }
        return *this;
    }
    table& operator=(table&&) noexcept = default;

    // Adding a column: the name must be new (std::invalid_argument otherwise).
    column& add_column(std::string name, column_type type, bool nullable = false) {
        return insert(std::move(name), make_column(type, nullable));
    }
    // Adds a filled column; its length must equal the table's (unless the table has no column).
    column& add_column(std::string name, column&& values) {
        if (!columns_.empty() && values.size() != num_rows())
            throw std::invalid_argument("table: column '" + name + "' has " + std::to_string(values.size()) +
                                        " rows, the table " + std::to_string(num_rows()));
        return insert(std::move(name), make_column(std::move(values)));
    }
    decimal_column& add_decimal(std::string name, bool nullable = false) {
        return static_cast<decimal_column&>(add_column(std::move(name), column_type::decimal, nullable));
    }
    string_column& add_string(std::string name, bool nullable = false) {
        return static_cast<string_column&>(add_column(std::move(name), column_type::string, nullable));
    }
    int64_column& add_int64(std::string name, bool nullable = false) {
        return static_cast<int64_column&>(add_column(std::move(name), column_type::int64, nullable));
    }
    int32_column& add_int32(std::string name, bool nullable = false) {
        return static_cast<int32_column&>(add_column(std::move(name), column_type::int32, nullable));
    }
    boolean_column& add_boolean(std::string name, bool nullable = false) {
        return static_cast<boolean_column&>(add_column(std::move(name), column_type::boolean, nullable));
    }
    date_column& add_date(std::string name, bool nullable = false) {
        return static_cast<date_column&>(add_column(std::move(name), column_type::date, nullable));
    }
    timestamp_column& add_timestamp(std::string name, bool nullable = false) {
        return static_cast<timestamp_column&>(add_column(std::move(name), column_type::timestamp, nullable));
    }

    // Rows: the length of the first column (0 without columns).
    [[nodiscard]] std::size_t num_rows() const noexcept { return columns_.empty() ? 0 : columns_.front()->size(); }
    [[nodiscard]] std::size_t num_columns() const noexcept { return columns_.size(); }
    [[nodiscard]] const std::vector<std::string>& column_names() const noexcept { return names_; }
    [[nodiscard]] const std::string& name(std::size_t i) const { return names_.at(i); }
    [[nodiscard]] bool has_column(std::string_view name) const noexcept { return find(name) >= 0; }
    [[nodiscard]] costmodel::table::schema schema() const {
        std::vector<field> fields;
        fields.reserve(columns_.size());
        for (std::size_t i = 0; i < columns_.size(); ++i)
            fields.push_back({names_[i], columns_[i]->type(), columns_[i]->nullable()});
        return costmodel::table::schema(std::move(fields));
    }

    // Lookup by name; missing_column (naming the columns that exist) when there is none.
    [[nodiscard]] const column& column_at(std::size_t i) const { return *columns_.at(i); }
    [[nodiscard]] column& column_at(std::size_t i) { return *columns_.at(i); }
    [[nodiscard]] const costmodel::table::column& operator[](std::string_view name) const { return *columns_[index(name)]; }
    [[nodiscard]] costmodel::table::column& operator[](std::string_view name) { return *columns_[index(name)]; }
    [[nodiscard]] const costmodel::table::column& get(std::string_view name) const { return *columns_[index(name)]; }
    [[nodiscard]] costmodel::table::column& get(std::string_view name) { return *columns_[index(name)]; }

    // Typed lookup: std::invalid_argument when the column has another type.
    template <class Column>
    [[nodiscard]] const Column& get_as(std::string_view name) const {
        return static_cast<const Column&>(checked(name, Column::static_type));
    }
    template <class Column>
    [[nodiscard]] Column& get_as(std::string_view name) {
        return static_cast<Column&>(const_cast<costmodel::table::column&>(checked(name, Column::static_type)));
    }

    [[nodiscard]] std::span<const __int128> decimals(std::string_view name) const { return get_as<decimal_column>(name).units(); }
    [[nodiscard]] std::span<const std::int32_t> codes(std::string_view name) const { return get_as<string_column>(name).codes(); }
    [[nodiscard]] const string_column& strings(std::string_view name) const { return get_as<string_column>(name); }
    [[nodiscard]] std::span<const std::int64_t> int64s(std::string_view name) const { return get_as<int64_column>(name).values(); }
    [[nodiscard]] std::span<const std::int32_t> int32s(std::string_view name) const { return get_as<int32_column>(name).values(); }
    [[nodiscard]] std::span<const std::int32_t> dates(std::string_view name) const { return get_as<date_column>(name).values(); }
    [[nodiscard]] std::span<const std::int64_t> timestamps(std::string_view name) const {
        return get_as<timestamp_column>(name).values();
    }
    [[nodiscard]] const boolean_column& booleans(std::string_view name) const { return get_as<boolean_column>(name); }

    void reserve(std::size_t rows) {
        for (auto& c : columns_) c->reserve(rows);
    }

    // Bytes held by the columns' buffers, dictionaries and hash indexes.
    [[nodiscard]] std::size_t memory_bytes() const noexcept {
        std::size_t bytes = 0;
        for (const auto& c : columns_) bytes += c->memory_bytes();
        return bytes;
    }

    // Throws std::logic_error when the columns differ in length (a row half appended).
    void validate() const {
        for (std::size_t i = 1; i < columns_.size(); ++i)
            if (columns_[i]->size() != columns_[0]->size())
                throw std::logic_error("table: column '" + names_[i] + "' has " + std::to_string(columns_[i]->size()) +
                                       " rows, '" + names_[0] + "' has " + std::to_string(columns_[0]->size()));
    }

    // Appends the rows of a table with the same column names and types, in the same order (strings
    // are re-coded into this table's dictionaries where they differ).
    void append(const table& other) { append_range(other, 0, other.num_rows()); }
    void append_range(const table& other, std::size_t offset, std::size_t count) {
        other.validate();
        require_same_columns(other);
        for (std::size_t i = 0; i < columns_.size(); ++i) columns_[i]->append_range(*other.columns_[i], offset, count);
    }

    // Throws std::invalid_argument unless `other` has the same column names and types in order.
    void require_same_columns(const table& other) const {
        bool same = other.columns_.size() == columns_.size();
        for (std::size_t i = 0; same && i < columns_.size(); ++i)
            same = names_[i] == other.names_[i] && columns_[i]->type() == other.columns_[i]->type();
        if (!same)
            throw std::invalid_argument("table: columns differ: [" + schema().to_string() + "] and [" +
                                        other.schema().to_string() + "]");
    }

    // Same column names, types and values (strings by text; nullability is not compared).
    [[nodiscard]] bool equals(const table& other) const {
        if (names_ != other.names_) return false;
        for (std::size_t i = 0; i < columns_.size(); ++i)
            if (!columns_[i]->equals(*other.columns_[i])) return false;
        return true;
    }
    friend bool operator==(const table& a, const table& b) { return a.equals(b); }

    // The first `max_rows` rows as an aligned text table, with the row count beneath.
    [[nodiscard]] std::string to_string(std::size_t max_rows = 10) const;

private:
    std::vector<std::string> names_;
    std::vector<std::unique_ptr<costmodel::table::column>> columns_;

    costmodel::table::column& insert(std::string name, std::unique_ptr<costmodel::table::column> c) {
        if (has_column(name)) throw std::invalid_argument("table: a column named '" + name + "' already exists");
        names_.push_back(std::move(name));
        columns_.push_back(std::move(c));
        return *columns_.back();
    }
    [[nodiscard]] std::ptrdiff_t find(std::string_view name) const noexcept {
        for (std::size_t i = 0; i < names_.size(); ++i)
            if (names_[i] == name) return static_cast<std::ptrdiff_t>(i);
        return -1;
    }
    [[nodiscard]] std::size_t index(std::string_view name) const {
        const std::ptrdiff_t i = find(name);
        if (i < 0) throw missing_column(std::string(name), names_);
        return static_cast<std::size_t>(i);
    }
    [[nodiscard]] const costmodel::table::column& checked(std::string_view name, column_type type) const {
        const costmodel::table::column& c = *columns_[index(name)];
        if (c.type() != type)
            throw std::invalid_argument("table: column '" + std::string(name) + "' is " + std::string(costmodel::table::to_string(c.type())) +
                                        ", not " + std::string(costmodel::table::to_string(type)));
        return c;
    }
};

inline std::string table::table::to_string(std::size_t max_rows) const {
    validate();
    const std::size_t rows = std::min(max_rows, num_rows());
    std::vector<std::vector<std::string>> cells(columns_.size());
    std::vector<std::size_t> widths(columns_.size());
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        widths[c] = names_[c].size();
        for (std::size_t r = 0; r < rows; ++r) {
            cells[c].push_back(columns_[c]->value_text(r));
            widths[c] = std::max(widths[c], cells[c].back().size());
        }
    }
    const auto pad = [](const std::string& s, std::size_t w, bool right) {
        const std::string fill(w - std::min(w, s.size()), ' ');
        return right ? fill + s : s + fill;
    };
    std::string text;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        const bool right = columns_[c]->type() != column_type::string;
        text += (c ? "  " : "") + pad(names_[c], widths[c], right);
    }
    text += "\n";
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < columns_.size(); ++c) {
            const bool right = columns_[c]->type() != column_type::string;
            text += (c ? "  " : "") + pad(cells[c][r], widths[c], right);
        }
        text += "\n";
    }
    if (rows < num_rows()) text += "...\n";
    text += "(" + std::to_string(num_rows()) + (num_rows() == 1 ? " row, " : " rows, ") + std::to_string(columns_.size()) +
            (columns_.size() == 1 ? " column)" : " columns)");
    return text;
}

}  // namespace costmodel::table
