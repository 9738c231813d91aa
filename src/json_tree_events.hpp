#pragma once
// A document parsed by simdjson replayed as nlohmann_json SAX events, in document order.
//
// The readers' semantics and messages live in one SAX handler each. nlohmann's streamed parser
// feeds it byte by byte (and knows every byte offset for syntax messages); simdjson parses a whole
// document several times faster and validates it completely before a single event is replayed, so
// a document simdjson rejects can be handed to the streamed parser, whose message is the one users
// see. A handler therefore sees the same events in the same order from either parser.
//
// The one thing the tree does not keep is the text of a floating-point number. A handler that
// needs it (an amount written as a JSON number, whose digits must be read exactly) says so through
// `float_text_needed()`; the replay then throws `float_text_unavailable` and the caller reads the
// document with the streamed parser instead.

#include <simdjson.h>

#include <cstdint>
#include <string>

namespace costmodel::detail {

struct float_text_unavailable {};

template <class Handler>
class json_tree_events {
public:
    explicit json_tree_events(Handler& handler) : handler_(handler) {}

    // False when the handler asked to stop (a SAX handler returning false).
    bool replay(simdjson::dom::element element) {
        using simdjson::dom::element_type;
        switch (element.type()) {
            case element_type::OBJECT: {
                const simdjson::dom::object object(element.get_object().value_unsafe());
                if (!handler_.start_object(object.size())) return false;
                for (const simdjson::dom::key_value_pair field : object) {
                    scratch_.assign(field.key.data(), field.key.size());
                    if (!handler_.key(scratch_)) return false;
                    if (!replay(field.value)) return false;
                }
                return handler_.end_object();
            }
            case element_type::ARRAY: {
                const simdjson::dom::array array(element.get_array().value_unsafe());
                if (!handler_.start_array(array.size())) return false;
                for (const simdjson::dom::element item : array) {
                    if (!replay(item)) return false;
                }
                return handler_.end_array();
            }
            case element_type::STRING: {
                const std::string_view text = element.get_string().value_unsafe();
                scratch_.assign(text.data(), text.size());
                return handler_.string(scratch_);
            }
            case element_type::INT64: return handler_.number_integer(element.get_int64().value_unsafe());
            case element_type::UINT64: return handler_.number_unsigned(element.get_uint64().value_unsafe());
            case element_type::DOUBLE:
                if (handler_.float_text_needed()) throw float_text_unavailable{};
                return handler_.number_float(element.get_double().value_unsafe(), std::string{});
            case element_type::BOOL: return handler_.boolean(element.get_bool().value_unsafe());
            case element_type::NULL_VALUE: return handler_.null();
        }
        return false;
    }

private:
    Handler& handler_;
    std::string scratch_;  // keys and strings are handed over as std::string&, as nlohmann does
};

}  // namespace costmodel::detail
