#pragma once
// Pricing as pure stages, each a function from tables and values to a table, in one direction:
//
//   scenario ─ meter ─▶ usage ─ resolve(catalog) ─ free tier ─ rate ─▶ lines ─ commitments ─ support ─ line rounding ─ roll-up
//
// Each stage can be called and tested alone; estimate() (estimate.hpp) runs them in this order. None
// does I/O: the catalog is a value read at the edge (load_catalog) and may serve any number of
// estimates.

#include "costmodel/stages/commitments.hpp"
#include "costmodel/stages/free_tier.hpp"
#include "costmodel/stages/line_rounding.hpp"
#include "costmodel/stages/meter.hpp"
#include "costmodel/stages/rate.hpp"
#include "costmodel/stages/resolve.hpp"
#include "costmodel/stages/roll_up.hpp"
#include "costmodel/stages/support.hpp"
