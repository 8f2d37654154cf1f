# -*- encoding: utf-8 -*-
# stub: activesupport 6.0.2.1 ruby lib

Gem::Specification.new do |s|
  s.name = "activesupport".freeze
  s.version = "6.0.2.1"
  s.licenses = ["MIT".freeze]
  s.summary = "A toolkit of support libraries and Ruby core extensions extracted from the Rails framework.".freeze
end
