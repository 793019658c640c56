using Microsoft.EntityFrameworkCore;
using Storefront.Domain.Catalog;
using Storefront.Web.Infrastructure.Data;
using Storefront.Web.Infrastructure.Media;
using static Storefront.Web.Features.Demo.DemoPictures;

namespace Storefront.Web.Features.Demo;

/// <summary>
/// The demo store's catalogue, like a real shop's: six top categories, each with second- and third-level ones (数码 >
/// 耳机音响 > 蓝牙耳机 …), three kinds of product per leaf from two brands each (174 products, plus the three the base demo
/// has), spec attributes (颜色 / 尺码 / 容量 / 规格 / 色号) with a drawn picture per colour, market prices, stock with some
/// SKUs low and some sold out. Built through the domain (Category.Create, Product.Create, List) with a seeded random, so
/// every run makes the same shop. Runs only on a store without categories.
/// </summary>
internal static class DemoCatalog
{
    /// <summary>How the SKUs of a leaf's products vary.</summary>
    internal enum Kind
    {
        Colour,
        ColourSize,
        ShoeSize,
        Capacity,
        Pack,
        Shade,
    }

    internal sealed record Leaf(string Slug, string Name, string[] Stems, Kind Kind, decimal MinPrice, decimal MaxPrice, Shape Shape, string Point);

    internal sealed record Second(string Slug, string Name, Leaf[] Leaves);

    internal sealed record Top(string Slug, string Name, string[] Brands, Second[] Seconds);

    internal static readonly (string Name, int Rgb)[] Colours =
    [
        ("黑色", 0x2B2B2B), ("白色", 0xF2F2F2), ("灰色", 0x9AA0A6), ("藏青", 0x1F3A5F), ("红色", 0xC8102E), ("粉色", 0xF4A6B8),
        ("蓝色", 0x2F6FD6), ("绿色", 0x3C8D5A), ("米色", 0xE8DCC2), ("橙色", 0xF08A24), ("紫色", 0x7E57C2), ("黄色", 0xF2C230),
    ];

    internal static readonly Top[] Tree =
    [
        new("digital", "数码", ["SONIQ", "VOLTA", "PIXEL"],
        [
            new("audio", "耳机音响",
            [
                new("bluetooth-earphones", "蓝牙耳机", ["真无线降噪耳机", "运动蓝牙耳机", "开放式骨传导耳机"], Kind.Colour, 99, 899, Shape.Ring,
                    "主动降噪，续航 30 小时"),
                new("speakers", "音箱", ["便携蓝牙音箱", "智能音箱", "桌面音箱"], Kind.Colour, 129, 999, Shape.Circle, "360° 环绕音效"),
            ]),
            new("phone-accessories", "手机配件",
            [
                new("chargers", "充电器", ["氮化镓快充充电器", "无线充电板", "车载充电器"], Kind.Colour, 39, 199, Shape.Square, "65W 快充，多口同充"),
                new("cables", "数据线", ["Type-C 编织数据线", "三合一数据线", "磁吸数据线"], Kind.Colour, 19, 79, Shape.Bars, "编织线身，耐弯折"),
                new("power-banks", "移动电源", ["10000mAh 移动电源", "20000mAh 快充移动电源", "磁吸移动电源"], Kind.Colour, 79, 299, Shape.Square,
                    "轻薄便携，可带上飞机"),
            ]),
            new("computer", "电脑办公",
            [
                new("keyboards", "键盘", ["机械键盘", "无线静音键盘", "便携折叠键盘"], Kind.Colour, 99, 699, Shape.Bars, "热插拔轴体，三模连接"),
                new("mice", "鼠标", ["无线鼠标", "电竞鼠标", "人体工学鼠标"], Kind.Colour, 49, 399, Shape.Diamond, "静音按键，长续航"),
            ]),
        ]),
        new("apparel", "服饰", ["LINEN", "URBAN", "NORTH"],
        [
            new("men", "男装",
            [
                new("t-shirts", "T恤", ["纯棉圆领T恤", "速干运动T恤", "印花短袖T恤"], Kind.ColourSize, 49, 169, Shape.Shirt, "100% 新疆长绒棉"),
                new("shirts", "衬衫", ["牛津纺衬衫", "免烫商务衬衫", "亚麻休闲衬衫"], Kind.ColourSize, 99, 299, Shape.Shirt, "挺括免烫，四季可穿"),
            ]),
            new("women", "女装",
            [
                new("dresses", "连衣裙", ["碎花连衣裙", "针织连衣裙", "雪纺长裙"], Kind.ColourSize, 129, 459, Shape.Triangle, "显瘦 A 字版型"),
                new("hoodies", "卫衣", ["连帽卫衣", "圆领加绒卫衣", "短款卫衣"], Kind.ColourSize, 99, 299, Shape.Shirt, "加绒保暖，宽松版型"),
            ]),
            new("shoes", "鞋靴",
            [
                new("sneakers", "运动鞋", ["缓震跑步鞋", "轻便休闲运动鞋", "复古板鞋"], Kind.ShoeSize, 199, 699, Shape.Triangle, "轻量缓震，透气网面"),
            ]),
        ]),
        new("home", "家居", ["HOMY", "NEST", "OAKLY"],
        [
            new("kitchen", "厨房用品",
            [
                new("bottles", "保温杯", ["不锈钢保温杯", "儿童吸管保温杯", "大容量保温壶"], Kind.Capacity, 59, 229, Shape.Bottle, "316 不锈钢，12 小时保温"),
                new("cookware", "锅具", ["不粘炒锅", "铸铁珐琅锅", "多功能电煮锅"], Kind.Colour, 129, 899, Shape.Circle, "少油烟，受热均匀"),
            ]),
            new("textiles", "家纺",
            [
                new("bedding", "四件套", ["纯棉四件套", "水洗棉四件套", "天丝四件套"], Kind.Colour, 199, 899, Shape.Square, "亲肤透气，不起球"),
                new("pillows", "枕头", ["记忆棉枕头", "乳胶枕", "羽丝绒枕"], Kind.Colour, 69, 399, Shape.Square, "慢回弹，护颈椎"),
            ]),
            new("storage", "收纳",
            [
                new("boxes", "收纳箱", ["折叠收纳箱", "透明抽屉收纳柜", "桌面收纳盒"], Kind.Capacity, 19, 259, Shape.Square, "可叠放，省空间"),
            ]),
        ]),
        new("beauty", "美妆", ["AURA", "PETAL", "DEWY"],
        [
            new("skincare", "护肤",
            [
                new("creams", "面霜", ["保湿面霜", "修护精华霜", "清爽啫喱面霜"], Kind.Pack, 89, 599, Shape.Circle, "深层补水，敏感肌可用"),
                new("masks", "面膜", ["补水面膜", "清洁泥膜", "睡眠面膜"], Kind.Pack, 49, 199, Shape.Square, "一片补水，透亮一整天"),
            ]),
            new("makeup", "彩妆",
            [
                new("lipsticks", "口红", ["丝绒哑光口红", "滋润唇膏", "水光唇釉"], Kind.Shade, 69, 329, Shape.Bottle, "显白不拔干"),
            ]),
            new("personal-care", "个护",
            [
                new("shampoo", "洗发水", ["控油洗发水", "氨基酸洗发水", "去屑洗发水"], Kind.Pack, 39, 129, Shape.Bottle, "温和洁净，蓬松清爽"),
            ]),
        ]),
        new("outdoor", "运动户外", ["TREK", "PEAK", "FLEX"],
        [
            new("camping", "户外装备",
            [
                new("tents", "帐篷", ["双人露营帐篷", "自动速开帐篷", "防晒天幕"], Kind.Colour, 199, 1299, Shape.Triangle, "防雨防晒，一分钟搭好"),
                new("backpacks", "登山包", ["40L 登山包", "轻量徒步背包", "防水骑行包"], Kind.Colour, 129, 599, Shape.Square, "背负透气，多仓收纳"),
            ]),
            new("fitness", "健身",
            [
                new("yoga-mats", "瑜伽垫", ["TPE 瑜伽垫", "加厚防滑瑜伽垫", "折叠瑜伽垫"], Kind.Colour, 59, 259, Shape.Bars, "双面防滑，回弹好"),
                new("dumbbells", "哑铃", ["可调节哑铃", "包胶哑铃", "女士健身哑铃"], Kind.Pack, 49, 599, Shape.Bars, "包胶静音，不伤地板"),
            ]),
        ]),
        new("food", "食品", ["NUTTY", "LEAF", "BREW"],
        [
            new("snacks", "零食",
            [
                new("nuts", "坚果", ["每日坚果", "夏威夷果", "碧根果"], Kind.Pack, 29, 159, Shape.Circle, "当季新货，颗颗饱满"),
                new("biscuits", "饼干", ["全麦苏打饼干", "黄油曲奇", "海苔脆"], Kind.Pack, 15, 89, Shape.Square, "酥脆不腻，独立小包装"),
            ]),
            new("drinks", "茶饮",
            [
                new("tea", "茶叶", ["明前龙井", "正山小种红茶", "云南普洱"], Kind.Pack, 59, 699, Shape.Circle, "原产地直发，香气清雅"),
                new("coffee", "咖啡", ["挂耳咖啡", "冻干速溶咖啡", "阿拉比卡咖啡豆"], Kind.Pack, 39, 199, Shape.Circle, "新鲜烘焙，醇香不苦"),
            ]),
        ]),
    ];

    private static readonly string[] Models = ["Air", "Pro", "Lite", "Max", "Plus", "S", "Mini", "X"];

    private static readonly string[] Origins = ["广东深圳", "浙江杭州", "江苏苏州", "福建泉州", "上海", "云南普洱", "山东青岛", "四川成都"];

    private static readonly string[] Sizes = ["S", "M", "L", "XL"];

    private static readonly string[] ShoeSizes = ["39", "40", "41", "42", "43"];

    private static readonly (string Name, decimal Factor)[] Capacities = [("350ml", 1m), ("500ml", 1.2m), ("750ml", 1.45m)];

    private static readonly (string Name, decimal Factor)[] Packs = [("小份装", 1m), ("标准装", 1.8m), ("家庭装", 3.2m)];

    private static readonly (string Name, int Rgb)[] Shades = [("#01 正红", 0xC41E3A), ("#02 豆沙", 0xB5696B), ("#03 枫叶", 0xA0342A), ("#04 珊瑚", 0xF08070)];

    /// <summary>
    /// Seeds the catalogue; returns false (and does nothing) when the store already has categories. In three steps, so the
    /// slow part runs on every core and once per distinct picture: the categories, a level per SaveChanges; every product
    /// planned in order (the seeded random drawn as it always was, the pictures named by what they show); the distinct
    /// pictures drawn and stored in parallel; then the products made with the stored names and saved together.
    /// Figures: docs/decisions/0032-demo-shop-seeding-speed.md.
    /// </summary>
    public static async Task<bool> SeedAsync(StorefrontDb db, ImageStore images, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.Categories.AnyAsync(ct))
        {
            return false;
        }

        var tenant = db.TenantId!.Value;
        var leaves = await CategoriesAsync(db, tenant, now, ct);
        var random = new Random(17);
        var plans = new List<Plan>();
        Second? featuredIn = null;
        foreach (var (top, second, leaf, category) in leaves)
        {
            var number = 0;
            foreach (var stem in leaf.Stems)
            {
                foreach (var brand in top.Brands.OrderBy(_ => random.Next()).Take(2))
                {
                    var featured = featuredIn != second;   // the first product of each second-level category
                    featuredIn = second;
                    plans.Add(PlanProduct(leaf, category.Id, brand, stem, ++number, featured, random, now));
                }
            }
        }

        var demo = new Picture(0x3C8D5A, Shape.Circle, "DEMO", 0);
        var names = await DrawAllAsync(images, plans.SelectMany(p => p.Pictures).Append(demo), ct);
        foreach (var plan in plans)
        {
            var product = plan.Create(tenant, names);
            db.Products.Add(product);
        }

        foreach (var (_, _, _, category) in leaves)
        {
            category.SetImage(names[plans.First(p => p.CategoryId == category.Id).Pictures[0]]);
        }

        // The base demo's three products go into their leaves, with a picture each.
        var leafIds = leaves.ToDictionary(l => l.Leaf.Name, l => l.Category.Id);
        foreach (var product in await db.Products.Where(p => p.CategoryId == null).ToListAsync(ct))
        {
            var leaf = product.Name.Contains("T恤", StringComparison.Ordinal) ? "T恤"
                : product.Name.Contains("保温杯", StringComparison.Ordinal) ? "保温杯" : "蓝牙耳机";
            product.Edit(new ProductDraft(product.Name, product.Description, product.Slug, product.Subtitle, "DEMO", leafIds[leaf],
                ImageList: [names[demo]]), now);
        }

        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The category tree, saved a level at a time (a parent before its children: EF has no navigation to order the inserts by).</summary>
    private static async Task<List<(Top Top, Second Second, Leaf Leaf, Category Category)>> CategoriesAsync(
        StorefrontDb db, Guid tenant, DateTimeOffset now, CancellationToken ct)
    {
        var tops = Tree.Select((top, i) => (Top: top, Category: Category.Create(tenant, null, top.Name, top.Slug, i, now))).ToList();
        db.Categories.AddRange(tops.Select(t => t.Category));
        await db.SaveChangesAsync(ct);
        var seconds = tops.SelectMany(t => t.Top.Seconds.Select((second, i) =>
            (t.Top, Second: second, Category: Category.Create(tenant, t.Category, second.Name, t.Top.Slug + "-" + second.Slug, i, now)))).ToList();
        db.Categories.AddRange(seconds.Select(s => s.Category));
        await db.SaveChangesAsync(ct);
        var leaves = seconds.SelectMany(s => s.Second.Leaves.Select((leaf, i) =>
            (s.Top, s.Second, Leaf: leaf, Category: Category.Create(tenant, s.Category, leaf.Name, leaf.Slug, i, now)))).ToList();
        db.Categories.AddRange(leaves.Select(l => l.Category));
        await db.SaveChangesAsync(ct);
        return leaves;
    }

    /// <summary>What a picture shows: <see cref="Draw"/>'s arguments. Equal pictures are drawn once.</summary>
    private sealed record Picture(int Rgb, Shape Shape, string Label, int Variant);

    /// <summary>
    /// Draws every distinct picture on all cores, then stores them one by one (the database store shares the scope's
    /// context, which takes one command at a time); answers each picture's stored name.
    /// </summary>
    private static async Task<Dictionary<Picture, string>> DrawAllAsync(ImageStore images, IEnumerable<Picture> pictures, CancellationToken ct)
    {
        var drawn = new System.Collections.Concurrent.ConcurrentDictionary<Picture, byte[]>();
        Parallel.ForEach(pictures.Distinct(), new ParallelOptions { CancellationToken = ct }, p => drawn[p] = Draw(p.Rgb, p.Shape, p.Label, p.Variant));
        var names = new Dictionary<Picture, string>();
        foreach (var (picture, bytes) in drawn)
        {
            names[picture] = await images.SaveAsync(new MemoryStream(bytes), ct);
        }

        return names;
    }

    /// <summary>A product as planned: everything but the stored names of its pictures (index 0 is the first colour's).</summary>
    private sealed record Plan(Guid CategoryId, ProductDraft Draft, List<SpecAttribute> Specs, List<(SkuDraft Sku, int? Picture)> Skus,
        List<Picture> Pictures, DateTimeOffset CreatedAt, DateTimeOffset ListedAt)
    {
        public Product Create(Guid tenant, Dictionary<Picture, string> names)
        {
            var product = Product.Create(tenant, Draft with { ImageList = [.. Pictures.Select(p => names[p])] }, Specs,
                [.. Skus.Select(s => s.Picture is { } i ? s.Sku with { Image = names[Pictures[i]] } : s.Sku)], CreatedAt);
            product.List(ListedAt);
            return product;
        }
    }

    /// <summary>
    /// Plans a product of the leaf: model, price, colours, stock and the rest from the seeded random, drawn in the same order
    /// as when the pictures were stored on the way (so the shop stays the same); its pictures are one per colour and a detail.
    /// </summary>
    private static Plan PlanProduct(Leaf leaf, Guid categoryId, string brand, string stem, int number, bool featured, Random random,
        DateTimeOffset now)
    {
        var model = Models[random.Next(Models.Length)];
        var basePrice = Price(leaf.MinPrice + (decimal)random.NextDouble() * (leaf.MaxPrice - leaf.MinPrice));
        (string Name, int Rgb)[] colours = leaf.Kind == Kind.Shade
            ? [.. Shades.OrderBy(_ => random.Next()).Take(3)]
            : [.. Colours.OrderBy(_ => random.Next()).Take(leaf.Kind is Kind.Pack or Kind.Capacity ? 1 : random.Next(2, 4))];
        var pictures = colours.Select((c, i) => new Picture(c.Rgb, leaf.Shape, brand, number + i))
            .Append(new Picture(colours[0].Rgb, leaf.Shape, model, number + 3)).ToList();
        var (specs, combos) = Variants(leaf.Kind, colours);
        var soldOut = !featured && random.Next(25) == 0;   // featured products (listed first) always have stock: the 秒杀 and compose-test pick them
        var skus = combos.Select((c, i) =>
        {
            var price = Price(basePrice * c.Factor);
            var market = random.Next(3) == 0 ? (decimal?)null : Price(price * (1.2m + random.Next(4) * 0.1m));
            var roll = random.Next(100);
            var stock = soldOut || (!featured && roll < 7) ? 0 : !featured && roll < 17 ? random.Next(1, 5) : random.Next(20, 300);
            var sku = new SkuDraft(c.Values, $"{leaf.Slug.ToUpperInvariant()}-{brand}-{number:00}-{i + 1}", price, market, stock, LowStockThreshold: 5,
                WeightGrams: 200 + random.Next(10) * 100);
            return (sku, c.Colour is { } colour ? Array.FindIndex(colours, x => x.Name == colour) : (int?)null);
        }).ToList();
        var draft = new ProductDraft(
            $"{brand} {stem} {model}",
            $"{stem}，{leaf.Point}。\n\n- 品牌：{brand}\n- 产地：{Origins[random.Next(Origins.Length)]}\n- 发货：付款后 48 小时内发出\n",
            $"{leaf.Slug}-{brand.ToLowerInvariant()}-{number}",
            leaf.Point,
            brand,
            categoryId,
            Featured: featured,
            AttributeList: [new ProductAttribute("产地", Origins[random.Next(Origins.Length)])]);
        return new Plan(categoryId, draft, specs, skus, pictures, now.AddDays(-120), now.AddDays(-120 + random.Next(60)));
    }

    private sealed record Combo(List<string> Values, string? Colour, decimal Factor);

    private static (List<SpecAttribute> Specs, List<Combo> Combos) Variants(Kind kind, (string Name, int Rgb)[] colours)
    {
        var names = colours.Select(c => c.Name).ToList();
        return kind switch
        {
            Kind.Colour => ([new SpecAttribute("颜色", names)], [.. names.Select(n => new Combo([n], n, 1m))]),
            Kind.Shade => ([new SpecAttribute("色号", names)], [.. names.Select(n => new Combo([n], n, 1m))]),
            Kind.ColourSize => ([new SpecAttribute("颜色", names), new SpecAttribute("尺码", Sizes)],
                [.. names.SelectMany(n => Sizes.Select(s => new Combo([n, s], n, 1m)))]),
            Kind.ShoeSize => ([new SpecAttribute("颜色", names), new SpecAttribute("尺码", ShoeSizes)],
                [.. names.SelectMany(n => ShoeSizes.Select(s => new Combo([n, s], n, 1m)))]),
            Kind.Capacity => ([new SpecAttribute("容量", [.. Capacities.Select(c => c.Name)])],
                [.. Capacities.Select(c => new Combo([c.Name], null, c.Factor))]),
            _ => ([new SpecAttribute("规格", [.. Packs.Select(p => p.Name)])], [.. Packs.Select(p => new Combo([p.Name], null, p.Factor))]),
        };
    }

    /// <summary>A shop price: whole yuan ending in 9 (¥129, ¥59) above ¥20, else .9 (¥15.9).</summary>
    private static decimal Price(decimal raw) =>
        raw >= 20m ? Math.Max(19m, decimal.Floor(raw / 10m) * 10m + 9m) : decimal.Floor(raw) + 0.9m;
}
