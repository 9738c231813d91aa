#pragma once
// What the registered services are and which keys they take, as data: for `costmodel services`,
// Python's costmodel.services() and the key tables of docs/services.md. Everything here is derived
// from the registry (registry.hpp) and each service's fields(): a service added there is described
// with no change here.

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "costmodel/services/registry.hpp"

namespace costmodel {

struct key_description {
    std::string_view name;
    std::string_view kind;      // "number" or "text"
    key_presence presence;
    std::string default_value;  // for defaulted keys: the default, as a scenario would write it; else empty
    std::string_view rule;      // numbers: ">= 0", "> 0", "whole", "whole > 0"; text: empty
    std::vector<std::string_view> choices;  // text: the values it may take (empty: any)
    std::string doc;
};

struct service_description {
    std::string_view name;
    std::string_view summary;
    std::vector<key_description> keys;
};

[[nodiscard]] constexpr std::string_view to_string(key_presence presence) noexcept {
    switch (presence) {
        case key_presence::required: return "required";
        case key_presence::defaulted: return "default";
        case key_presence::optional: return "optional";
    }
    return "optional";
}

[[nodiscard]] constexpr std::string_view to_string(number_rule rule) noexcept {
    switch (rule) {
        case number_rule::non_negative: return ">= 0";
        case number_rule::positive: return "> 0";
        case number_rule::whole: return "whole";
        case number_rule::positive_whole: return "whole > 0";
    }
    return ">= 0";
}

namespace detail {

template <class Workload>
[[nodiscard]] service_description describe_service() {
    service_description result{Workload::service_name, Workload::summary, {}};
    const Workload defaults{};
    for_each_key<Workload>([&](const auto& key) {
        using key_type = std::decay_t<decltype(key)>;
        if constexpr (std::is_same_v<key_type, repetition_keys<Workload>>) {
            // One line per key, then what the service says of the four ("required", "or hours_per_month").
            for (const repetition_part& part : repetition_parts) {
                result.keys.push_back({part.name, "number", key_presence::optional, {}, to_string(number_rule::non_negative), {},
                                       std::string(part.doc) + " " + std::string(key.doc)});
            }
        } else {
            key_description entry{key.name, "number", key.presence, {}, {}, {key.choices.begin(), key.choices.end()}, std::string(key.doc)};
            const auto& value = defaults.*key.member;
            using member_type = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<member_type, Decimal> || std::is_same_v<member_type, std::optional<Decimal>>) {
                entry.rule = to_string(key.rule);
                if constexpr (std::is_same_v<member_type, Decimal>) {
                    if (key.presence == key_presence::defaulted) entry.default_value = value.to_string();
                }
            } else {
                entry.kind = "text";
                if constexpr (std::is_same_v<member_type, std::string>) {
                    if (key.presence == key_presence::defaulted) entry.default_value = value;
                }
            }
            result.keys.push_back(std::move(entry));
        }
    });
    return result;
}

template <class... Types>
[[nodiscard]] std::vector<service_description> describe_services(type_list<Types...>) {
    return {describe_service<Types>()...};
}

}  // namespace detail

// The registered services, in the registry's order, with their keys in each service's order.
[[nodiscard]] inline std::vector<service_description> describe_services() { return detail::describe_services(service_types{}); }

}  // namespace costmodel
