// A growable array of trivially copyable values that grows with realloc: for
// the large per-group arrays of hash tables, where glibc can then extend a
// mapping in place (mremap) instead of copying it and faulting in fresh pages.
#pragma once

#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace floe::query {

template <typename T>
class PodArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  PodArray() = default;
  PodArray(const PodArray&) = delete;
  PodArray& operator=(const PodArray&) = delete;
  PodArray(PodArray&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)),
        size_(std::exchange(o.size_, 0)),
        capacity_(std::exchange(o.capacity_, 0)) {}
  PodArray& operator=(PodArray&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
    return *this;
  }
  ~PodArray() { std::free(data_); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t capacity() const { return capacity_; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](size_t k) { return data_[k]; }
  const T& operator[](size_t k) const { return data_[k]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }

  void reserve(size_t n) {
    if (n <= capacity_) return;
    size_t cap = capacity_ < 16 ? 16 : capacity_ * 2;
    if (cap < n) cap = n;
    void* p = std::realloc(data_, cap * sizeof(T));
    if (p == nullptr) throw std::bad_alloc();
    data_ = static_cast<T*>(p);
    capacity_ = cap;
  }
  // Grows or shrinks to n values; new ones are `fill`.
  void resize(size_t n, const T& fill = T{}) {
    reserve(n);
    for (size_t k = size_; k < n; ++k) data_[k] = fill;
    size_ = n;
  }
  void push_back(const T& v) {
    if (size_ == capacity_) reserve(size_ + 1);
    data_[size_++] = v;
  }
  void clear() { size_ = 0; }

 private:
  T* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace floe::query
