#pragma once
// What the meter stage produces: the usage table, one row per metered usage, in the units the catalog
// prices. Service models only meter (billing granularity, minimums, unit conversion); pricing them —
// free tiers, tiers aggregated across workloads, discounts — is the later stages' job (stages.hpp).
//
// Columns (all strings dictionary-encoded):
//   variant                    int32, only in the usage of several scenarios (estimate_many): which one
//   workload, service          the workload and its service ("glue_job", "fargate", ...)
//   component                  what the row is for: "vcpu", "memory", "duration", "requests", ...
//   sku_service, usage_type,   which price applies (the catalog key; region from the scenario)
//   region, sku_variant
//   unit                       the unit of `quantity`; its dictionary holds every usage unit in the
//                              order of units.hpp, so a unit's code is its usage_unit value
//   quantity                   decimal
//   price_factor               decimal: multiplies the catalog price (1, or 1 − discount for Spot)
//   stated_unit_price          decimal, null unless the scenario states the price itself (a fixed
//                              charge, an EC2 hourly rate): then no catalog SKU is looked up
//   note                       how the quantity was formed ("4 runs × 30 min × 4 vCPU")

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/catalog.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/table/table.hpp"
#include "costmodel/units.hpp"

namespace costmodel {

// One row of the usage table as a value: for tests and for reading a few rows, not for bulk work.
struct metered_usage {
    std::string workload;
    std::string service;
    std::string component;
    sku_key key;
    std::string unit;
    Decimal quantity;
    Decimal price_factor = Decimal(1);
    std::string note;
    std::optional<Decimal> stated_unit_price;
    friend bool operator==(const metered_usage&, const metered_usage&) = default;
};

struct warning {
    std::string workload;
    std::string message;
    friend bool operator==(const warning&, const warning&) = default;
};

// The usage table and typed handles on its columns, for appending without a lookup per row.
class usage_table {
public:
    // `with_variant`: a table of several scenarios' usage, with a leading `variant` column (set_variant).
    explicit usage_table(bool with_variant = false)
        : scenario_variant_(with_variant ? &table_.add_int32("variant") : nullptr),
          workload_(table_.add_string("workload")),
          service_(table_.add_string("service")),
          component_(table_.add_string("component")),
          sku_service_(table_.add_string("sku_service")),
          usage_type_(table_.add_string("usage_type")),
          region_(table_.add_string("region")),
          variant_(table_.add_string("sku_variant")),
          unit_(table_.add_string("unit")),
          quantity_(table_.add_decimal("quantity")),
          price_factor_(table_.add_decimal("price_factor")),
          stated_unit_price_(table_.add_decimal("stated_unit_price", true)),
          note_(table_.add_string("note")) {
        for (std::string_view name : usage_unit_names) unit_.intern(name);
    }
    usage_table(const usage_table&) = delete;
    usage_table& operator=(const usage_table&) = delete;

    void reserve(std::size_t rows) {
        table_.reserve(rows);
        note_.reserve_dictionary(rows, rows * 48);  // notes are mostly distinct, about 40 bytes each
    }
    // The variant of the rows appended from now on (a table made with_variant).
    void set_variant(std::int32_t variant) noexcept { current_variant_ = variant; }

    // The codes of strings that repeat on every row of a workload, interned once per workload.
    struct workload_codes {
        std::int32_t workload;
        std::int32_t service;
        std::int32_t region;
    };
    [[nodiscard]] workload_codes begin_workload(std::string_view workload, std::string_view service, std::string_view region) {
        return {workload_.intern(workload), service_codes_.intern(service_, service), region_codes_.intern(region_, region)};
    }

    void append(const workload_codes& w, std::string_view component, std::string_view sku_service, std::string_view usage_type,
                std::string_view variant, usage_unit unit, Decimal quantity, std::string_view note, Decimal price_factor,
                std::optional<Decimal> stated_unit_price) {
        if (scenario_variant_ != nullptr) scenario_variant_->append(current_variant_);
        workload_.append_code(w.workload);
        service_.append_code(w.service);
        component_.append_code(component_codes_.intern(component_, component));
        sku_service_.append_code(sku_service_codes_.intern(sku_service_, sku_service));
        usage_type_.append_code(usage_type_codes_.intern(usage_type_, usage_type));
        region_.append_code(w.region);
        variant_.append_code(variant_codes_.intern(variant_, variant));
        unit_.append_code(static_cast<std::int32_t>(unit));
        quantity_.append(quantity);
        price_factor_.append(price_factor);
        if (stated_unit_price) stated_unit_price_.append(*stated_unit_price);
        else stated_unit_price_.append_null();
        note_.append(note);
    }

    [[nodiscard]] const table::table& table() const noexcept { return table_; }
    [[nodiscard]] table::table release() && { return std::move(table_); }
    // Storage for the service models' note texts (usage_sink::text), kept from workload to workload.
    [[nodiscard]] std::string& text_buffer(std::size_t which) { return text_buffers_.at(which); }
    [[nodiscard]] std::size_t size() const noexcept { return table_.num_rows(); }

private:
    // Service models name components and SKUs with string literals (or a workload's own strings), so
    // the same few texts arrive again and again from the same addresses. A small cache by address and
    // length finds their codes without hashing the text; a hit is confirmed by comparing the text with
    // the dictionary's, so a different string at a reused address is never mistaken.
    class literal_codes {
    public:
        std::int32_t intern(table::string_column& column, std::string_view text) {
            const auto address = reinterpret_cast<std::uintptr_t>(text.data());
            entry& slot = slots_[((address >> 3) ^ text.size()) % slots_.size()];
            if (slot.code >= 0 && slot.data == text.data() && slot.size == text.size() &&
                table::same_text(column.dictionary()[slot.code], text)) {
                return slot.code;
            }
            slot = entry{text.data(), text.size(), column.intern(text)};
            return slot.code;
        }

    private:
        struct entry {
            const char* data = nullptr;
            std::size_t size = 0;
            std::int32_t code = -1;  // empty slot
        };
        std::array<entry, 64> slots_{};
    };

    table::table table_;
    table::int32_column* scenario_variant_;  // which scenario of several; nullptr for one scenario's usage
    std::int32_t current_variant_ = 0;
    table::string_column& workload_;
    table::string_column& service_;
    table::string_column& component_;
    table::string_column& sku_service_;
    table::string_column& usage_type_;
    table::string_column& region_;
    table::string_column& variant_;
    table::string_column& unit_;
    table::decimal_column& quantity_;
    table::decimal_column& price_factor_;
    table::decimal_column& stated_unit_price_;
    table::string_column& note_;
    literal_codes component_codes_, sku_service_codes_, usage_type_codes_, variant_codes_, service_codes_, region_codes_;
    std::array<std::string, 3> text_buffers_;
};

// The rows of a usage table as values (tests, small inspections).
[[nodiscard]] inline std::vector<metered_usage> usage_rows(const table::table& usage) {
    const auto& workload = usage.strings("workload");
    const auto& service = usage.strings("service");
    const auto& component = usage.strings("component");
    const auto& sku_service = usage.strings("sku_service");
    const auto& usage_type = usage.strings("usage_type");
    const auto& region = usage.strings("region");
    const auto& variant = usage.strings("sku_variant");
    const auto& unit = usage.strings("unit");
    const auto& quantity = usage.get_as<table::decimal_column>("quantity");
    const auto& factor = usage.get_as<table::decimal_column>("price_factor");
    const auto& stated = usage.get_as<table::decimal_column>("stated_unit_price");
    const auto& note = usage.strings("note");
    std::vector<metered_usage> rows;
    rows.reserve(usage.num_rows());
    for (std::size_t i = 0; i < usage.num_rows(); ++i) {
        rows.push_back(metered_usage{std::string(workload[i]), std::string(service[i]), std::string(component[i]),
                                     sku_key{std::string(sku_service[i]), std::string(usage_type[i]), std::string(region[i]),
                                             std::string(variant[i])},
                                     std::string(unit[i]), quantity[i], factor[i], std::string(note[i]),
                                     stated.is_null(i) ? std::nullopt : std::optional<Decimal>(stated[i])});
    }
    return rows;
}

// Text built piece by piece into a string whose storage is reused (a sink's note buffer): a service
// model writes each line's note without a temporary string per piece. Decimals are written as
// Decimal::to_string writes them.
class text_builder {
public:
    explicit text_builder(std::string& storage) : out_(&storage) { out_->clear(); }

    text_builder& operator<<(std::string_view text) {
        out_->append(text);
        return *this;
    }
    text_builder& operator<<(const char* text) { return *this << std::string_view(text); }
    text_builder& operator<<(const std::string& text) { return *this << std::string_view(text); }
    text_builder& operator<<(Decimal value) {
        value.append_to(*out_);
        return *this;
    }
    [[nodiscard]] std::string_view view() const noexcept { return *out_; }
    operator std::string_view() const noexcept { return *out_; }  // NOLINT: passed on as the note

private:
    std::string* out_;
};

// What a service model meters into: one workload's rows of a usage table, and its warnings. A sink made
// with only names owns a table of its own (for testing one service model alone). The names are the
// caller's (the scenario's strings), referred to, not copied: a sink is made for every workload.
class usage_sink {
public:
    usage_sink(usage_table& out, std::vector<warning>& warnings, const std::string& workload, std::string_view service,
               const std::string& region)
        : out_(&out), warnings_(&warnings), workload_(&workload), service_(service), region_(&region),
          codes_(out.begin_workload(workload, service, region)) {}
    explicit usage_sink(std::string workload, std::string service, std::string region)
        : own_(std::make_unique<owned>(std::move(workload), std::move(service), std::move(region))), out_(&own_->table),
          warnings_(&own_->warnings), workload_(&own_->workload), service_(own_->service), region_(&own_->region),
          codes_(out_->begin_workload(*workload_, service_, *region_)) {}

    // Meters `amount` for `component`, priced by the SKU (catalog_service, usage_type, variant) in the
    // scenario's region.
    template <class Unit>
    void add(std::string_view component, std::string_view catalog_service, std::string_view usage_type, std::string_view variant,
             quantity<Unit> amount, std::string_view note = {}, Decimal price_factor = Decimal(1)) {
        out_->append(codes_, component, catalog_service, usage_type, variant, Unit::id, amount.value(), note, price_factor,
                     std::nullopt);
        ++count_;
    }
    // Meters usage whose price the scenario states (no catalog SKU is looked up).
    template <class Unit>
    void add_at_stated_price(std::string_view component, quantity<Unit> amount, Decimal unit_price, std::string_view note = {}) {
        out_->append(codes_, component, service_, "stated", {}, Unit::id, amount.value(), note, Decimal(1), unit_price);
        ++count_;
    }
    void warn(std::string message) { warnings_->push_back(warning{*workload_, std::move(message)}); }

    // A builder over one of the usage table's reused text buffers (0: the note; 1 and 2: parts a service
    // model writes once and repeats in several notes). Building a text clears its buffer; a view of it
    // stays valid until that buffer is built again.
    [[nodiscard]] text_builder text(std::size_t buffer = 0) { return text_builder(out_->text_buffer(buffer)); }

    [[nodiscard]] const std::string& workload() const noexcept { return *workload_; }
    [[nodiscard]] const std::string& region() const noexcept { return *region_; }
    // How many rows this sink has metered.
    [[nodiscard]] std::size_t count() const noexcept { return count_; }
    // The rows this sink has metered, as values (tests, small inspections).
    [[nodiscard]] std::vector<metered_usage> usage() const {
        std::vector<metered_usage> rows = usage_rows(out_->table());
        rows.erase(rows.begin(), rows.end() - static_cast<std::ptrdiff_t>(count_));
        return rows;
    }
    [[nodiscard]] std::vector<warning>& warnings() noexcept { return *warnings_; }

private:
    struct owned {
        owned(std::string w, std::string s, std::string r) : workload(std::move(w)), service(std::move(s)), region(std::move(r)) {}
        std::string workload;
        std::string service;
        std::string region;
        usage_table table;
        std::vector<warning> warnings;
    };
    std::unique_ptr<owned> own_;
    usage_table* out_;
    std::vector<warning>* warnings_;
    const std::string* workload_;
    std::string_view service_;
    const std::string* region_;
    usage_table::workload_codes codes_;
    std::size_t count_ = 0;
};

}  // namespace costmodel
