// The price catalog: keys, tier checks, lookup, merging, and reading a catalog file of either format.

#include "costmodel/catalog.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <optional>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "catalog_formats.hpp"
#include "costmodel/input_error.hpp"
#include "costmodel/input_file.hpp"
#include "costmodel/units.hpp"
#include "json_input.hpp"

namespace costmodel {

namespace detail {

bool is_known_unit(std::string_view unit) { return parse_usage_unit(unit).has_value(); }

std::string known_units_list() { return usage_unit_list(); }

bool is_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    const auto number = [&](std::size_t from, std::size_t count) {
        int value = 0;
        for (std::size_t i = from; i < from + count; ++i) value = value * 10 + (text[i] - '0');
        return value;
    };
    const int year = number(0, 4);
    const int month = number(5, 2);
    const int day = number(8, 2);
    if (month < 1 || month > 12 || day < 1) return false;
    static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int last = days[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
    return day <= last;
}

std::optional<tier_issue> check_tiers(const std::vector<price_tier>& tiers) {
    if (tiers.empty()) return tier_issue{0, "", "a SKU needs at least one price tier"};
    for (std::size_t i = 0; i < tiers.size(); ++i) {
        const price_tier& tier = tiers[i];
        if (i == 0 && !tier.from.is_zero()) {
            return tier_issue{i, "from", "the first tier must start at 0, got " + tier.from.to_string()};
        }
        if (i > 0) {
            const price_tier& previous = tiers[i - 1];
            if (!previous.to) {
                return tier_issue{i - 1, "to", "only the last tier may be unbounded (tier " + std::to_string(i - 1) +
                                                   " has no upper bound but tier " + std::to_string(i) + " follows)"};
            }
            if (tier.from != *previous.to) {
                return tier_issue{i, "from", "tier starts at " + tier.from.to_string() + " but the previous tier ends at " +
                                                 previous.to->to_string() + " (tiers must be contiguous)"};
            }
        }
        if (tier.to && *tier.to <= tier.from) {
            return tier_issue{i, "to", "tier ends at " + tier.to->to_string() + ", not above its start " +
                                           tier.from.to_string() + " (bounds must increase)"};
        }
        if (tier.unit_price.is_negative()) {
            return tier_issue{i, "price", "price must be >= 0, got " + tier.unit_price.to_string()};
        }
    }
    if (const price_tier& last = tiers.back(); last.to) {
        return tier_issue{tiers.size() - 1, "to",
                          "the last tier must be unbounded (no \"to\"): usage above " + last.to->to_string() +
                              " would have no price"};
    }
    return std::nullopt;
}

}  // namespace detail

std::string sku_key::to_string() const {
    std::string text = service + "/" + usage_type;
    if (!variant.empty()) text += "[" + variant + "]";
    return text + "@" + region;
}

Decimal sku::flat_price() const {
    if (tiers.size() != 1) {
        throw catalog_error(key.to_string() + " is tiered (" + std::to_string(tiers.size()) +
                            " tiers): it has no single price; price usage through its tiers");
    }
    return tiers.front().unit_price;
}

catalog::catalog(std::string id, std::string effective, currency code, std::string source)
    : id_(std::move(id)), effective_(std::move(effective)), currency_(code), source_(std::move(source)) {}

void catalog::add(sku entry) {
    const std::string name = entry.key.to_string();
    if (entry.key.service.empty() || entry.key.usage_type.empty() || entry.key.region.empty()) {
        throw catalog_error("catalog " + id_ + ": SKU " + name + " needs a service, a usage type and a region");
    }
    if (entry.unit.empty()) throw catalog_error("catalog " + id_ + ": SKU " + name + " has no unit");
    if (const auto issue = detail::check_tiers(entry.tiers)) {
        std::string where = issue->field.empty() ? std::string() : " tier " + std::to_string(issue->index) + ":";
        throw catalog_error("catalog " + id_ + ": SKU " + name + ":" + where + " " + issue->message);
    }
    if (skus_.find(entry.key) != skus_.end()) {
        throw catalog_error("catalog " + id_ + " already has a price for " + name);
    }
    sku_key key = entry.key;
    skus_.emplace(std::move(key), std::move(entry));
}

void catalog::add(free_tier_pool pool) {
    if (pool.name.empty()) throw catalog_error("catalog " + id_ + ": a free-tier pool needs a name");
    if (pool.quantity.is_negative()) {
        throw catalog_error("catalog " + id_ + ": free-tier pool " + pool.name + " has a negative allowance " +
                            pool.quantity.to_string());
    }
    if (pools_.find(pool.name) != pools_.end()) {
        throw catalog_error("catalog " + id_ + " already has a free-tier pool named " + pool.name);
    }
    std::string name = pool.name;
    pools_.emplace(std::move(name), std::move(pool));
}

const sku* catalog::try_find(const sku_key& key) const noexcept {
    const auto found = skus_.find(key);
    return found == skus_.end() ? nullptr : &found->second;
}

const sku& catalog::find(const sku_key& key) const {
    if (const sku* entry = try_find(key)) return *entry;
    // Say what the catalog does have that is close: the same price in other regions, or other variants.
    std::vector<std::string> regions;
    std::vector<std::string> variants;
    for (const auto& [candidate, unused] : skus_) {
        if (candidate.service != key.service || candidate.usage_type != key.usage_type) continue;
        if (candidate.variant == key.variant) regions.push_back(candidate.region);
        if (candidate.region == key.region) variants.push_back(candidate.variant.empty() ? "(none)" : candidate.variant);
    }
    const auto join = [](const std::vector<std::string>& items) {
        std::string text;
        for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
        return text;
    };
    std::string message = "catalog " + id_ + " has no price for " + key.to_string();
    if (!regions.empty()) {
        message += " (it prices " + key.service + "/" + key.usage_type +
                   (key.variant.empty() ? std::string() : "[" + key.variant + "]") + " in " + join(regions) + ")";
    } else if (!variants.empty()) {
        message += " (variants it has there: " + join(variants) + ")";
    }
    throw catalog_error(message);
}

const free_tier_pool* catalog::try_find_pool(std::string_view name) const noexcept {
    const auto found = pools_.find(name);
    return found == pools_.end() ? nullptr : &found->second;
}

std::vector<const sku*> catalog::skus(std::string_view service) const {
    std::vector<const sku*> result;
    for (const auto& [key, entry] : skus_) {
        if (service.empty() || key.service == service) result.push_back(&entry);
    }
    return result;
}

std::vector<const free_tier_pool*> catalog::pools() const {
    std::vector<const free_tier_pool*> result;
    result.reserve(pools_.size());
    for (const auto& [name, pool] : pools_) result.push_back(&pool);
    return result;
}

catalog merge_catalogs(const std::vector<catalog>& parts, std::string id) {
    if (parts.empty()) throw catalog_error("merge_catalogs: no catalogs to merge into " + id);
    const currency code = parts.front().currency_code();
    std::string effective = parts.front().effective();
    std::string sources;
    for (const catalog& part : parts) {
        if (part.currency_code() != code) {
            throw catalog_error("cannot merge catalog " + part.id() + " (" + std::string(part.currency_code().code()) +
                                ") with catalog " + parts.front().id() + " (" + std::string(code.code()) +
                                "): currencies differ");
        }
        effective = std::max(effective, part.effective());  // ISO dates order as text
        sources += (sources.empty() ? "" : ", ") + (part.source().empty() ? part.id() : part.source());
    }
    catalog merged(std::move(id), std::move(effective), code, std::move(sources));
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const catalog& part = parts[p];
        for (const free_tier_pool* pool : part.pools()) {
            if (const free_tier_pool* existing = merged.try_find_pool(pool->name)) {
                if (existing->unit != pool->unit || existing->quantity != pool->quantity) {
                    throw catalog_error("cannot merge catalog " + part.id() + ": its free-tier pool " + pool->name + " (" +
                                        pool->quantity.to_string() + " " + pool->unit + ") differs from an earlier one (" +
                                        existing->quantity.to_string() + " " + existing->unit + ")");
                }
                continue;  // the same allowance, named by two parts
            }
            merged.add(*pool);
        }
        for (const sku* entry : part.skus()) {
            if (merged.try_find(entry->key) != nullptr) {
                std::string earlier;
                for (std::size_t q = 0; q < p; ++q) {
                    if (parts[q].try_find(entry->key) != nullptr) {
                        earlier = parts[q].id();
                        break;
                    }
                }
                throw catalog_error("cannot merge catalog " + part.id() + ": " + entry->key.to_string() +
                                    " is already priced by catalog " + earlier);
            }
            merged.add(*entry);
        }
    }
    return merged;
}

catalog layer_catalogs(const std::vector<catalog>& layers, std::string id) {
    if (layers.empty()) throw catalog_error("layer_catalogs: no catalogs to layer into " + id);
    const currency code = layers.front().currency_code();
    std::string effective = layers.front().effective();
    std::string sources;
    std::map<sku_key, const sku*> skus;
    std::map<std::string, const free_tier_pool*, std::less<>> pools;
    for (const catalog& layer : layers) {
        if (layer.currency_code() != code) {
            throw catalog_error("cannot layer catalog " + layer.id() + " (" + std::string(layer.currency_code().code()) +
                                ") over catalog " + layers.front().id() + " (" + std::string(code.code()) + "): currencies differ");
        }
        effective = std::max(effective, layer.effective());
        sources += (sources.empty() ? "" : ", ") + (layer.source().empty() ? layer.id() : layer.source());
        for (const sku* entry : layer.skus()) skus[entry->key] = entry;
        for (const free_tier_pool* pool : layer.pools()) pools[pool->name] = pool;
    }
    catalog layered(std::move(id), std::move(effective), code, std::move(sources));
    for (const auto& [name, pool] : pools) layered.add(*pool);
    for (const auto& [key, entry] : skus) {
        sku copy = *entry;
        // A pool the SKU's own layer named but a later layer replaced is still the allowance it draws from.
        layered.add(std::move(copy));
    }
    return layered;
}

catalog load_catalog(const std::string& path) { return load_catalog(path, catalog_options{}); }

catalog load_catalog(const std::string& path, const read_limits& limits) {
    catalog_options options;
    options.limits = limits;
    return load_catalog(path, options);
}

namespace {

catalog load_one(const std::string& path, const catalog_options& options, bool layers_allowed);

// A layers file: {"schema": "costmodel/catalog-layers/v1", "id": ..., "regions": [...], "layers": [...]}.
catalog catalog_from_layers(const detail::json& document, const std::string& path, const catalog_options& options) {
    detail::json_object_reader top(document, path, "");
    (void)top.required_string("schema");
    const std::string id = top.string_or("id", std::filesystem::path(path).stem().string());
    catalog_options inner = options;
    if (const auto regions = top.value("regions")) {
        if (!regions->is_array()) throw input_error(path, "regions", "expected an array of region codes, got " + detail::describe(*regions), detail::describe(*regions));
        inner.regions.clear();
        std::size_t i = 0;
        for (const detail::json region : *regions) {
            if (!region.is_string() || region.text().empty()) {
                throw input_error(path, "regions[" + std::to_string(i) + "]", "expected a region code such as \"us-east-1\", got " + detail::describe(region),
                                  detail::describe(region));
            }
            inner.regions.emplace_back(region.text());
            ++i;
        }
    }
    const auto layers = top.value("layers");
    if (!layers) throw input_error(path, "layers", "missing required key");
    if (!layers->is_array() || layers->size() == 0) {
        throw input_error(path, "layers", "expected a non-empty array of catalogs (\"builtin\" or paths), got " + detail::describe(*layers),
                          detail::describe(*layers));
    }
    top.finish();
    std::vector<catalog> parts;
    std::size_t i = 0;
    for (const detail::json layer : *layers) {
        const std::string layer_path = "layers[" + std::to_string(i++) + "]";
        if (!layer.is_string() || layer.text().empty()) {
            throw input_error(path, layer_path, "expected \"builtin\" or a path, got " + detail::describe(layer), detail::describe(layer));
        }
        const std::string name(layer.text());
        if (name == "builtin") {
            parts.push_back(builtin_catalog());
            continue;
        }
        std::filesystem::path file(name);
        if (file.is_relative()) file = std::filesystem::path(path).parent_path() / file;
        const std::string resolved = file.lexically_normal().string();
        // One level only: a layer that is itself a layers file could name its own file.
        const catalog part = load_one(resolved, inner, false);
        parts.push_back(part);
    }
    return layer_catalogs(parts, id);
}

catalog load_one(const std::string& path, const catalog_options& options, bool layers_allowed) {
    // EC2 and Savings Plans offer files are read as a stream; the probe reads only the first members of
    // any other file. A path that cannot be opened as a regular file is left to read_input_file, which
    // says why.
    {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        if (fd >= 0) {
            struct stat info {};
            const bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && path.find('\0') == std::string::npos;
            std::optional<catalog> streamed;
            try {
                if (regular) {
                    detail::byte_source input(fd, options.limits.max_streamed_file_bytes, path);
                    streamed = detail::stream_offer(input, path, options.regions);
                }
            } catch (...) {
                ::close(fd);
                throw;
            }
            ::close(fd);
            if (streamed) return std::move(*streamed);
        }
    }
    const std::string text = read_input_file(path, options.limits, "catalog");
    const detail::json_document parsed = detail::json_document::parse(text, path);
    const detail::json document = parsed.root();
    if (document.is_object()) {
        if (const auto schema = document.find("schema"); schema && schema->is_string() && schema->text() == "costmodel/catalog-layers/v1") {
            if (layers_allowed) return catalog_from_layers(document, path, options);
            throw input_error(path, "schema", "a layers file cannot be a layer of another layers file", "\"costmodel/catalog-layers/v1\"");
        }
        if (document.contains("schema")) return detail::catalog_from_document(document, path);
        if (document.contains("offerCode") || (document.contains("products") && document.contains("terms"))) {
            return detail::catalog_from_offer(document, path);
        }
    }
    throw input_error(path, "(top level)",
                      "neither a costmodel catalog (no \"schema\": \"costmodel/catalog/v1\") nor an AWS Price List offer "
                      "file (no \"offerCode\", \"products\" and \"terms\"); got " + detail::describe(document));
}

}  // namespace

catalog load_catalog(const std::string& path, const catalog_options& options) { return load_one(path, options, true); }

catalog load_catalogs(const std::vector<std::string>& paths, const catalog_options& options) {
    if (paths.empty()) throw catalog_error("load_catalogs: no catalogs named");
    std::vector<catalog> parts;
    std::string id;
    for (const std::string& path : paths) {
        parts.push_back(path == "builtin" ? builtin_catalog() : load_catalog(path, options));
        id += (id.empty() ? "" : "+") + parts.back().id();
    }
    if (parts.size() == 1) return std::move(parts.front());
    return layer_catalogs(parts, id);
}

std::shared_ptr<const catalog> catalog_named(const std::string& name) {
    if (name == "builtin") return std::shared_ptr<const catalog>(&builtin_catalog(), [](const catalog*) {});
    return std::make_shared<const catalog>(load_catalog(name));
}

}  // namespace costmodel
