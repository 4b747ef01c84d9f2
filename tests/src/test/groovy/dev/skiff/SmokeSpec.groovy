package dev.skiff
import spock.lang.Specification
class SmokeSpec extends Specification {
  def "spock runs"() { expect: 1 + 1 == 2 }
}
