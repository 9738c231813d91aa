// Actual costs from Cost Explorer (actuals/cost_explorer.hpp, actuals/daily_rate.hpp): responses read
// from files or boto3's dicts into a line table, and the support-split daily rate over it.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <string>
#include <vector>

#include "costmodel/actuals/cost_explorer.hpp"
#include "costmodel/actuals/daily_rate.hpp"
#include "costmodel/actuals/trend.hpp"
#include "costmodel/input_error.hpp"
#include "decimal_caster.hpp"
#include "input_file.hpp"
#include "register.hpp"
#include "scenario_dict.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

constexpr const char* arguments = "<daily rate arguments>";

std::string type_name(py::handle value) { return py::str(py::type::of(value).attr("__name__")).cast<std::string>(); }

py::dict result_dict(const actuals::daily_rate_result& r) {
    py::dict d;
    d["start"] = r.start.to_string();
    d["end"] = r.end.to_string();
    d["days_in_window"] = r.days_in_window;
    d["operational"] = py::cast(r.operational);
    d["support_date"] = r.support_date.to_string();
    d["support_month"] = r.support_month.to_string().substr(0, 7);
    d["days_in_support_month"] = r.days_in_support_month;
    d["support_cost"] = py::cast(r.support_cost);
    d["support_share"] = py::cast(r.support_share);
    d["daily_operational"] = py::cast(r.daily_operational);
    d["support_per_day"] = py::cast(r.support_per_day);
    d["daily_rate"] = py::cast(r.daily_rate);
    d["annual_projection"] = py::cast(r.annual_projection);
    d["currency"] = r.currency;
    d["metric"] = r.metric;
    d["rounding"] = std::string(actuals::to_string(r.rounding));
    d["support_month_reading"] = std::string(actuals::to_string(r.support_month_used));
    py::list estimated, missing;
    for (const date day : r.estimated_days) estimated.append(day.to_string());
    for (const date day : r.missing_days) missing.append(day.to_string());
    d["estimated_days"] = estimated;
    d["missing_days"] = missing;
    d["support_found"] = r.support_found;
    d["notes"] = py::cast(r.notes);
    return d;
}

}  // namespace

namespace {

// The options a call gives, checked: a bad one is an input_error naming the argument.
actuals::daily_rate_options options_of(const std::string& as_of, int offset, int window, py::handle support_share, const std::string& metric,
                                       const std::vector<std::string>& accounts, const std::string& rounding,
                                       const std::string& support_month, const std::string& source) {
    actuals::daily_rate_options options;
    options.source = source.empty() ? std::string("<cost explorer table>") : source;
    const auto parsed = date::parse(as_of);
    if (!parsed) throw input_error(arguments, "as_of", "expected a date YYYY-MM-DD, got \"" + as_of + "\"", as_of);
    options.as_of = *parsed;
    options.offset = offset;
    options.window = window;
    try {
        options.support_share = decimal_from_python(support_share);
    } catch (const std::invalid_argument& error) {
        throw input_error(arguments, "support_share", error.what(), py::str(support_share).cast<std::string>());
    } catch (const py::value_error& error) {
        throw input_error(arguments, "support_share", error.what(), py::str(support_share).cast<std::string>());
    }
    options.metric = metric;
    options.accounts = accounts;
    options.rounding = actuals::parse_daily_rate_rounding(rounding, arguments);
    options.support_month = actuals::parse_support_month(support_month, arguments);
    return options;
}

}  // namespace

void register_actuals(py::module_& m) {
    m.def(
        "read_cost_explorer",
        [](const py::list& items) {
            // Dicts become JSON text under the GIL (floats refused, with their path); files and texts are
            // parsed with it released.
            std::vector<std::pair<bool, std::string>> inputs;  // (is a file, path or text)
            std::vector<std::string> sources;
            std::size_t index = 0;
            for (const py::handle item : items) {
                if (PyUnicode_Check(item.ptr())) {
                    const std::string path = item.cast<std::string>();
                    check_path(path);
                    inputs.emplace_back(true, path);
                    sources.push_back(path);
                } else if (PyDict_Check(item.ptr())) {
                    const std::string source = "<cost explorer dict " + std::to_string(index) + ">";
                    inputs.emplace_back(false, dict_json_text(item, source, "a Cost Explorer response"));
                    sources.push_back(source);
                } else {
                    throw py::type_error("read_cost_explorer: item " + std::to_string(index) +
                                         ": expected a path or a GetCostAndUsage response dict, got " + type_name(item));
                }
                ++index;
            }
            actuals::cost_explorer_table result;
            {
                py::gil_scoped_release release;
                actuals::cost_explorer_reader reader;
                for (std::size_t i = 0; i < inputs.size(); ++i) {
                    if (inputs[i].first) {
                        reader.add_file(inputs[i].second);
                    } else {
                        reader.add_text(inputs[i].second, sources[i]);
                    }
                }
                result = std::move(reader).finish();
            }
            return py::make_tuple(std::make_shared<table::table>(std::move(result.lines)), result.group_keys, result.currency, result.pages);
        },
        py::arg("items"),
        R"doc(GetCostAndUsage responses (paths or dicts) as (table, group keys, currency, pages).)doc");

    m.def(
        "operational_trend",
        [](const table::table& lines, const std::string& first, const std::string& last, const std::string& metric,
           const std::vector<std::string>& accounts, const std::string& source) {
            actuals::daily_rate_options options;
            options.source = source.empty() ? std::string("<cost explorer table>") : source;
            options.metric = metric;
            options.accounts = accounts;
            const auto from = date::parse(first);
            if (!from) throw input_error(arguments, "first", "expected a date YYYY-MM-DD, got \"" + first + "\"", first);
            const auto to = date::parse(last);
            if (!to) throw input_error(arguments, "last", "expected a date YYYY-MM-DD, got \"" + last + "\"", last);
            actuals::operational_trend trend;
            {
                py::gil_scoped_release release;
                trend = actuals::fit_operational_trend(lines, options, *from, *to);
            }
            return py::make_tuple(std::make_shared<table::table>(std::move(trend.table)), trend.days, trend.intercept, trend.slope_per_day,
                                  trend.residual_sd);
        },
        py::arg("table"), py::arg("first"), py::arg("last"), py::arg("metric"), py::arg("accounts"), py::arg("source"),
        R"doc(The trend of the daily operational cost (an estimate): (table, days, intercept, slope per day, residual sd).)doc");

    m.def(
        "daily_rate_series",
        [](const table::table& lines, const std::string& first, const std::string& last, int offset, int window, py::handle support_share,
           const std::string& metric, const std::vector<std::string>& accounts, const std::string& rounding, const std::string& support_month,
           const std::string& source) {
            actuals::daily_rate_options options = options_of(first, offset, window, support_share, metric, accounts, rounding, support_month, source);
            const auto parsed = date::parse(last);
            if (!parsed) throw input_error(arguments, "through", "expected a date YYYY-MM-DD, got \"" + last + "\"", last);
            table::table series;
            {
                py::gil_scoped_release release;
                series = actuals::daily_rate_series(lines, options, options.as_of, *parsed);
            }
            return std::make_shared<table::table>(std::move(series));
        },
        py::arg("table"), py::arg("first"), py::arg("last"), py::arg("offset"), py::arg("window"), py::arg("support_share"), py::arg("metric"),
        py::arg("accounts"), py::arg("rounding"), py::arg("support_month"), py::arg("source"),
        R"doc(The daily rate for every as-of day from first to last (inclusive), as a table.)doc");

    m.def(
        "daily_rate",
        [](const table::table& lines, const std::string& as_of, int offset, int window, py::handle support_share, const std::string& metric,
           const std::vector<std::string>& accounts, const std::string& rounding, const std::string& support_month, const std::string& source) {
            const actuals::daily_rate_options options = options_of(as_of, offset, window, support_share, metric, accounts, rounding, support_month, source);
            actuals::daily_rate_result result;
            {
                py::gil_scoped_release release;
                result = actuals::daily_rate(lines, options);
            }
            return result_dict(result);
        },
        py::arg("table"), py::arg("as_of"), py::arg("offset"), py::arg("window"), py::arg("support_share"), py::arg("metric"),
        py::arg("accounts"), py::arg("rounding"), py::arg("support_month"), py::arg("source"),
        R"doc(The support-split daily rate over a Cost Explorer table, as a dict of its figures.)doc");
}

}  // namespace costmodel::python
