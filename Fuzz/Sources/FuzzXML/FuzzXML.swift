import FuzzSupport
import PlanDocument

/// libFuzzer entry point: the XML reader (libxml2 SAX2 underneath) on arbitrary bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  do {
    let result = try XMLReader.parse(bytes, limits: ReadLimits(maxFileSize: 1 << 20, maxDepth: 64))
    Invariants.check(result, count: size)
  } catch let error as ReadError {
    Invariants.check(error, count: size)
  } catch {
    fatalError("the XML reader threw something other than a ReadError: \(error)")
  }
  return 0
}
