// Fill modifiers of vector-vector binary operations (promql-binop-fill-modifiers), as the
// Prometheus scripts define them: a series present on one side only is matched with a
// stand-in sample of the fill value. `fill_right` stands in for the "one" side (the right
// side, or the left with group_right), `fill_left` for the "many" side; a stand-in "many"
// sample carries the match group's labels.

extension Evaluator {
    func addFillSamples(many: inout [ESample], oneBySig: inout [Labels: ESample], _ m: VectorMatching) {
        let manySigs = Set(many.map { signature($0.labels, m) })
        if let fillMany = m.fillLeft {
            // One stand-in per unmatched "one" series (sorted for a stable output order).
            for sig in oneBySig.keys.sorted() where !manySigs.contains(sig) {
                many.append(ESample(labels: sig, value: fillMany))
            }
        }
        if let fillOne = m.fillRight {
            for sig in manySigs where oneBySig[sig] == nil {
                oneBySig[sig] = ESample(labels: Labels(), value: fillOne)
            }
        }
    }
}
