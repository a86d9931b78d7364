import FuzzSupport
import PlanDocument

/// libFuzzer entry point: the JSON reader on arbitrary bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  do {
    let result = try JSONReader.parse(bytes, limits: ReadLimits(maxFileSize: 1 << 20, maxDepth: 64))
    Invariants.check(result, count: size)
  } catch let error as ReadError {
    Invariants.check(error, count: size)
  } catch {
    fatalError("the JSON reader threw something other than a ReadError: \(error)")
  }
  return 0
}
